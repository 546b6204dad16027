namespace Switchboard.ReportingAgent.Reports;

/// <summary>Usage over a time range: how many questions, their outcomes and intents, and how long they took.</summary>
public sealed record UsageReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByIntent,
    LatencyPercentiles LatencyMs)
{
    /// <summary>Tokens and cost over the range, in total and per model.</summary>
    public UsageCost Usage { get; init; } = UsageCost.Empty;
}

/// <summary>Token and cost totals: <c>{inputTokens, outputTokens, costUsd}</c>.</summary>
public sealed record UsageTotals(long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static UsageTotals Zero { get; } = new(0, 0, 0m);

    public long TotalTokens => InputTokens + OutputTokens;

    public UsageTotals Add(long input, long output, decimal cost) => new(InputTokens + input, OutputTokens + output, CostUsd + cost);
}

/// <summary>The totals of the range and the same totals per model (answers without usage are not listed per model).</summary>
public sealed record UsageCost(long InputTokens, long OutputTokens, decimal CostUsd, IReadOnlyDictionary<string, UsageTotals> ByModel)
{
    public static UsageCost Empty { get; } = new(0, 0, 0m, new Dictionary<string, UsageTotals>());
}

/// <summary>Nearest-rank latency percentiles in milliseconds; null when the range holds no interaction.</summary>
public sealed record LatencyPercentiles(double? P50, double? P95);
