using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>One hour that scored at or above the threshold: the series, the hour (UTC, its start), the value, the
/// median of the window before it and the score.</summary>
public sealed record Anomaly(string Series, DateTimeOffset Hour, double Value, double Baseline, double Score);

/// <summary>
/// The ledger as hourly series and their anomaly scores. Series (the <c>series</c> label of
/// <c>switchboard_anomaly_score</c>): <c>questions</c> (count), <c>cost_usd</c> (sum), <c>latency_p95_ms</c> (nearest-rank
/// p95; none in an hour without questions) and <c>not_found_ratio</c> (none in an hour with fewer than 5 questions).
/// </summary>
public static class HourlySeries
{
    public const string Questions = "questions";
    public const string CostUsd = "cost_usd";
    public const string LatencyP95Ms = "latency_p95_ms";
    public const string NotFoundRatio = "not_found_ratio";

    public static readonly IReadOnlyList<string> Names = [Questions, CostUsd, LatencyP95Ms, NotFoundRatio];

    private const int MinQuestionsForRatio = 5;

    /// <summary>The detector of each series: the window from the options, floors in the series' own unit.</summary>
    public static RobustDetector Detector(string series, int windowHours) => series switch
    {
        Questions => new RobustDetector(windowHours, 0.1, 5),
        CostUsd => new RobustDetector(windowHours, 0.1, 0.05),
        LatencyP95Ms => new RobustDetector(windowHours, 0.1, 250),
        NotFoundRatio => new RobustDetector(windowHours, 0.1, 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(series), series, "Unknown series."),
    };

    /// <summary>The start of the UTC hour holding <paramref name="instant"/>.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Every series over the whole hours from <paramref name="firstHour"/> to before <paramref name="endHour"/>.</summary>
    public static IReadOnlyDictionary<string, double?[]> Build(IEnumerable<LedgerEntry> entries, DateTimeOffset firstHour, DateTimeOffset endHour)
    {
        var buckets = LedgerBuckets.Split(entries, firstHour, (int)((endHour - firstHour).Ticks / TimeSpan.TicksPerHour), TimeSpan.FromHours(1));
        return new Dictionary<string, double?[]>
        {
            [Questions] = buckets.Select(b => (double?)b.Count).ToArray(),
            [CostUsd] = buckets.Select(b => (double?)(double)b.Sum(e => e.Usage?.CostUsd ?? 0m)).ToArray(),
            [LatencyP95Ms] = buckets.Select(b => b.Count == 0
                ? null
                : UsageReportBuilder.NearestRank(b.Select(e => e.LatencyMs).Order().ToList(), 95)).ToArray(),
            [NotFoundRatio] = buckets.Select(b => b.Count < MinQuestionsForRatio
                ? null
                : (double?)b.Count(e => e.Status == AnswerStatus.NotFound) / b.Count).ToArray(),
        };
    }

    /// <summary>
    /// The hours of <paramref name="range"/> (whole hours inside it) that score at least <paramref name="threshold"/>,
    /// each compared with the <paramref name="windowHours"/> hours before it; <paramref name="entries"/> must reach back
    /// that far before the range.
    /// </summary>
    public static IReadOnlyList<Anomaly> Find(IEnumerable<LedgerEntry> entries, TimeRange range, int windowHours, double threshold)
    {
        var first = HourOf(range.From);
        var start = first == range.From ? first : first.AddHours(1);
        var end = HourOf(range.To);
        var warmup = start.AddHours(-windowHours);
        var series = Build(entries, warmup, end);
        return LedgerBuckets.Flagged(series, name => Detector(name, windowHours), windowHours, threshold)
            .Select(f => new Anomaly(f.Series, warmup.AddHours(f.Index), f.Value, f.Baseline, f.Score))
            .OrderBy(a => a.Hour).ThenBy(a => a.Series, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The score of the last complete hour before <paramref name="now"/> in every series (0 without enough history or value).</summary>
    public static IReadOnlyDictionary<string, double> LatestScores(IEnumerable<LedgerEntry> entries, DateTimeOffset now, int windowHours)
    {
        var end = HourOf(now);
        return LedgerBuckets.LatestScores(Build(entries, end.AddHours(-windowHours - 1), end), name => Detector(name, windowHours));
    }
}
