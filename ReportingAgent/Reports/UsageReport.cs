namespace Switchboard.ReportingAgent.Reports;

/// <summary>Usage over a time range: how many questions, their outcomes and intents, and how long they took.</summary>
public sealed record UsageReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByIntent,
    LatencyPercentiles LatencyMs);

/// <summary>Nearest-rank latency percentiles in milliseconds; null when the range holds no interaction.</summary>
public sealed record LatencyPercentiles(double? P50, double? P95);
