using System.Globalization;
using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Answering;

/// <summary>
/// Rule-based reading of usage questions. Time ranges are UTC: "today" is from 00:00 UTC until now, "yesterday" the
/// whole previous UTC day, weeks start on Monday 00:00 UTC (ISO 8601), months on the 1st. "this week/month" and
/// "last N hours/days" end now; "last week/month" end where this week/month starts. With no range word: today.
/// </summary>
public sealed partial class UsageQuestionParser(TimeProvider clock)
{
    /// <returns>The parsed question, or null when it is not a usage question these rules understand.</returns>
    public UsageQuestion? Parse(string question)
    {
        var text = question.ToLowerInvariant().Replace('\u2019', '\'');
        var metric = ParseMetric(text, out var intent);
        if (metric is null)
        {
            return null;
        }

        var (range, label) = ParseRange(text, clock.GetUtcNow());
        return new UsageQuestion(metric.Value, range, label, intent);
    }

    private static UsageMetric? ParseMetric(string text, out string? intent)
    {
        intent = null;
        // Order matters: "not answered" must win over "answered", "most common intent" over "by intent", and money or
        // tokens over the "how many" of a plain count. Anomalies first: "any cost spikes today?" asks the detector.
        if (Unusual().IsMatch(text)) return UsageMetric.Anomalies;
        if (Cost().IsMatch(text)) return UsageMetric.Cost;
        if (Tokens().IsMatch(text)) return UsageMetric.Tokens;
        if (P95().IsMatch(text)) return UsageMetric.LatencyP95;
        if (Median().IsMatch(text)) return UsageMetric.LatencyMedian;
        if (Latency().IsMatch(text)) return UsageMetric.Latency;
        if (MostCommon().IsMatch(text) && text.Contains("intent")) return UsageMetric.MostCommonIntent;
        if (PerIntent().IsMatch(text)) return UsageMetric.CountPerIntent;
        if (NotFound().IsMatch(text)) return UsageMetric.NotFound;
        if (Refused().IsMatch(text)) return UsageMetric.Refused;
        if (Pending().IsMatch(text)) return UsageMetric.PendingApproval;

        var named = IntentName().Match(text);
        if (named.Success && Counting().IsMatch(text))
        {
            intent = named.Groups["intent"].Value switch
            {
                var v when v.StartsWith("document") => Intents.Documents,
                var v when v.StartsWith("usage") => Intents.UsageReport,
                var v when v.StartsWith("small") => Intents.Smalltalk,
                _ => Intents.OutOfScope,
            };
            return UsageMetric.CountOfIntent;
        }

        if (Answered().IsMatch(text)) return UsageMetric.Answered;
        if (Summary().IsMatch(text)) return UsageMetric.Summary;
        if (Counting().IsMatch(text)) return UsageMetric.Total;
        return null;
    }

    private static (TimeRange Range, string Label) ParseRange(string text, DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var monthStart = new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero);

        var lastN = LastN().Match(text);
        if (lastN.Success)
        {
            var n = lastN.Groups["n"].Success ? int.Parse(lastN.Groups["n"].Value, CultureInfo.InvariantCulture) : 1;
            n = Math.Clamp(n, 1, 3660);
            var hours = lastN.Groups["unit"].Value.StartsWith('h');
            var span = hours ? TimeSpan.FromHours(n) : TimeSpan.FromDays(n);
            var unit = hours ? (n == 1 ? "hour" : "hours") : (n == 1 ? "day" : "days");
            return (new TimeRange(now - span, now), n == 1 ? $"in the last {unit}" : $"in the last {n} {unit}");
        }

        if (text.Contains("yesterday")) return (new TimeRange(today.AddDays(-1), today), "yesterday");
        if (LastWeek().IsMatch(text)) return (new TimeRange(weekStart.AddDays(-7), weekStart), "last week");
        if (ThisWeek().IsMatch(text)) return (new TimeRange(weekStart, now), "this week");
        if (LastMonth().IsMatch(text)) return (new TimeRange(monthStart.AddMonths(-1), monthStart), "last month");
        if (ThisMonth().IsMatch(text)) return (new TimeRange(monthStart, now), "this month");
        return (new TimeRange(today, now), "today");
    }

    [GeneratedRegex(@"\b(spend|spent|spending|cost|costs|costing|dollars?|usd|money|bill|billed|billing|expenses?)\b|\$")]
    private static partial Regex Cost();

    [GeneratedRegex(@"\b(unusual|anomal\w*|abnormal\w*|spikes?|spiked|outliers?|odd|strange|weird|out of the ordinary|st(an|oo)d out)\b")]
    private static partial Regex Unusual();

    [GeneratedRegex(@"\btokens?\b")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"\b(p95|95th|95 ?%|95 percentile)")]
    private static partial Regex P95();

    [GeneratedRegex(@"\b(p50|median|50th)")]
    private static partial Regex Median();

    [GeneratedRegex(@"\b(latency|latencies|response times?|how (fast|slow|long)|slow|percentiles?)\b")]
    private static partial Regex Latency();

    [GeneratedRegex(@"\b(most (common|frequent|popular|often)|top intent|asked most)\b")]
    private static partial Regex MostCommon();

    [GeneratedRegex(@"\b(by|per|each|every|breakdown of) intents?\b|\bintents\b")]
    private static partial Regex PerIntent();

    [GeneratedRegex(@"\b(not found|not (be )?answer\w*|unanswered|(couldn't|cannot|can't|failed to|fail to|didn't|unable to) (be )?(answer|find)|without (an )?answer|no answer)")]
    private static partial Regex NotFound();

    [GeneratedRegex(@"\b(refus\w*|blocked|rejected|declined)\b")]
    private static partial Regex Refused();

    [GeneratedRegex(@"\b(pending|awaiting|waiting for) approval\b")]
    private static partial Regex Pending();

    [GeneratedRegex(@"\b(?<intent>documents?|usage[ _]reports?|usage|small ?talk|out[ _-]of[ _-]scope)( intent)? (questions|queries|requests)\b")]
    private static partial Regex IntentName();

    [GeneratedRegex(@"\banswer(ed| rate)?\b")]
    private static partial Regex Answered();

    [GeneratedRegex(@"\b(usage|statistics|stats|summary|overview|breakdown|report)\b")]
    private static partial Regex Summary();

    [GeneratedRegex(@"\b(how many|number of|count|total|asked|questions|requests|queries|interactions|how busy)\b")]
    private static partial Regex Counting();

    [GeneratedRegex(@"\b(last|past|previous) ((?<n>\d{1,4}) )?(?<unit>hours?|days?)\b")]
    private static partial Regex LastN();

    [GeneratedRegex(@"\b(last|previous|past) week\b")]
    private static partial Regex LastWeek();

    [GeneratedRegex(@"\bthis week\b")]
    private static partial Regex ThisWeek();

    [GeneratedRegex(@"\b(last|previous|past) month\b")]
    private static partial Regex LastMonth();

    [GeneratedRegex(@"\bthis month\b")]
    private static partial Regex ThisMonth();
}
