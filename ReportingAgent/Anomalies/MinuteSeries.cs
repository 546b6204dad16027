using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>One minute that scored at or above the threshold: the series, the minute (UTC, its start), the value, the median of the window before it and the score.</summary>
public sealed record MinuteAnomaly(string Series, DateTimeOffset Minute, double Value, double Baseline, double Score);

/// <summary>
/// The ledger as per-minute series, for what is going wrong now (the hourly series see what changed over the day). Series
/// (the <c>series</c> label of <c>switchboard_anomaly_minute_score</c>):
/// <list type="bullet">
/// <item><c>latency_p50_ms</c>: the median latency of the minute's answers (failed questions left out: the error series
/// counts them), only for a minute with 3 answers or more. A median, not a p95: the p95 of a few questions is their
/// slowest one, and one slow question is not an incident; the hourly <c>latency_p95_ms</c> watches the tail.</item>
/// <item><c>cost_usd</c>: the minute's model cost.</item>
/// <item><c>error_ratio</c>: failed questions ÷ questions, for a minute with 10 questions or more.</item>
/// <item><c>not_found_ratio</c>: not-found ÷ questions that got an answer, for a minute with 10 of them or more.</item>
/// </list>
/// A ratio of a few questions is coarse (1 of 10 is 10 points): at about 10 questions a minute, 3 failures where there
/// are usually none score 6 and are listed; the alert waits for 3 such minutes in a row.
/// </summary>
public static class MinuteSeries
{
    public const string LatencyP50Ms = "latency_p50_ms";
    public const string CostUsd = "cost_usd";
    public const string ErrorRatio = "error_ratio";
    public const string NotFoundRatio = "not_found_ratio";

    public static readonly IReadOnlyList<string> Names = [LatencyP50Ms, CostUsd, ErrorRatio, NotFoundRatio];

    private const int MinAnswersForLatency = 3;
    private const int MinQuestionsForRatio = 10;

    /// <summary>
    /// The detector of each series: the window from the options, floors in the series' own unit (100 ms, $0.02, 5 and
    /// 10 percentage points), so that a quiet, flat minute series does not flag the smallest change.
    /// </summary>
    public static RobustDetector Detector(string series, int windowMinutes) => series switch
    {
        LatencyP50Ms => new RobustDetector(windowMinutes, 0.1, 100),
        CostUsd => new RobustDetector(windowMinutes, 0.1, 0.02),
        ErrorRatio => new RobustDetector(windowMinutes, 0.1, 0.05),
        NotFoundRatio => new RobustDetector(windowMinutes, 0.1, 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(series), series, "Unknown series."),
    };

    /// <summary>The start of the UTC minute holding <paramref name="instant"/>.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    /// <summary>Every series over the whole minutes from <paramref name="firstMinute"/> to before <paramref name="endMinute"/>.</summary>
    public static IReadOnlyDictionary<string, double?[]> Build(IEnumerable<LedgerEntry> entries, DateTimeOffset firstMinute, DateTimeOffset endMinute)
    {
        var buckets = LedgerBuckets.Split(entries, firstMinute, (int)((endMinute - firstMinute).Ticks / TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(1));
        return new Dictionary<string, double?[]>
        {
            [LatencyP50Ms] = buckets.Select(b => b.Where(e => e.Status != AnswerStatus.Failed).Select(e => e.LatencyMs).Order().ToList())
                .Select(l => l.Count < MinAnswersForLatency ? null : UsageReportBuilder.NearestRank(l, 50)).ToArray(),
            [CostUsd] = buckets.Select(b => (double?)(double)b.Sum(e => e.Usage?.CostUsd ?? 0m)).ToArray(),
            [ErrorRatio] = buckets.Select(b => b.Count < MinQuestionsForRatio
                ? null
                : (double?)b.Count(e => e.Status == AnswerStatus.Failed) / b.Count).ToArray(),
            [NotFoundRatio] = buckets.Select(b => b.Where(e => e.Status != AnswerStatus.Failed).ToList())
                .Select(a => a.Count < MinQuestionsForRatio ? null : (double?)a.Count(e => e.Status == AnswerStatus.NotFound) / a.Count).ToArray(),
        };
    }

    /// <summary>
    /// The minutes of <paramref name="range"/> (whole minutes inside it) that score at least <paramref name="threshold"/>,
    /// each compared with the <paramref name="windowMinutes"/> minutes before it; <paramref name="entries"/> must reach
    /// back that far before the range.
    /// </summary>
    public static IReadOnlyList<MinuteAnomaly> Find(IEnumerable<LedgerEntry> entries, TimeRange range, int windowMinutes, double threshold)
    {
        var first = MinuteOf(range.From);
        var start = first == range.From ? first : first.AddMinutes(1);
        var end = MinuteOf(range.To);
        if (end <= start)
        {
            return [];
        }

        var warmup = start.AddMinutes(-windowMinutes);
        return LedgerBuckets.Flagged(Build(entries, warmup, end), name => Detector(name, windowMinutes), windowMinutes, threshold)
            .Select(f => new MinuteAnomaly(f.Series, warmup.AddMinutes(f.Index), f.Value, f.Baseline, f.Score))
            .OrderBy(a => a.Minute).ThenBy(a => a.Series, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The score of the last complete minute before <paramref name="now"/> in every series (0 without enough history or value).</summary>
    public static IReadOnlyDictionary<string, double> LatestScores(IEnumerable<LedgerEntry> entries, DateTimeOffset now, int windowMinutes)
    {
        var end = MinuteOf(now);
        return LedgerBuckets.LatestScores(Build(entries, end.AddMinutes(-windowMinutes - 1), end), name => Detector(name, windowMinutes));
    }

    /// <summary>The part of <paramref name="range"/> the per-minute series are scanned over: its last <paramref name="lookback"/>.</summary>
    public static TimeRange Recent(TimeRange range, TimeSpan lookback) =>
        range.To - range.From > lookback ? new TimeRange(range.To - lookback, range.To) : range;
}
