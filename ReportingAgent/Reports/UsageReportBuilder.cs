using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Ledger;

namespace Switchboard.ReportingAgent.Reports;

/// <summary>Aggregates ledger entries into a <see cref="UsageReport"/>.</summary>
public static class UsageReportBuilder
{
    /// <summary>The intent key of interactions that never reached the router (e.g. refused at screening).</summary>
    public const string NoIntent = "none";

    private static readonly string[] KnownStatuses =
        [AnswerStatus.Answered, AnswerStatus.NotFound, AnswerStatus.Refused, AnswerStatus.PendingApproval];

    public static UsageReport Build(TimeRange range, IEnumerable<LedgerEntry> entries)
    {
        // Known statuses and intents are always present (with 0) so clients need not guess missing keys;
        // any other value seen in the ledger is added after them.
        var byStatus = KnownStatuses.ToDictionary(s => s, _ => 0);
        var byIntent = Intents.All.ToDictionary(i => i, _ => 0);
        var latencies = new List<double>();
        var total = UsageTotals.Zero;
        var byModel = new SortedDictionary<string, UsageTotals>(StringComparer.OrdinalIgnoreCase);

        foreach (var entry in entries.Where(e => e.OccurredAt >= range.From && e.OccurredAt < range.To))
        {
            byStatus[entry.Status] = byStatus.GetValueOrDefault(entry.Status) + 1;
            var intent = string.IsNullOrEmpty(entry.Intent) ? NoIntent : entry.Intent;
            byIntent[intent] = byIntent.GetValueOrDefault(intent) + 1;
            latencies.Add(entry.LatencyMs);
            if (entry.Usage is { } usage)
            {
                total = total.Add(usage.InputTokens, usage.OutputTokens, usage.CostUsd);
                var model = string.IsNullOrWhiteSpace(usage.Model) ? "unknown" : usage.Model;
                byModel[model] = byModel.GetValueOrDefault(model, UsageTotals.Zero).Add(usage.InputTokens, usage.OutputTokens, usage.CostUsd);
            }
        }

        latencies.Sort();
        return new UsageReport(
            range.From,
            range.To,
            latencies.Count,
            byStatus,
            byIntent,
            new LatencyPercentiles(NearestRank(latencies, 50), NearestRank(latencies, 95)))
        {
            Usage = new UsageCost(total.InputTokens, total.OutputTokens, total.CostUsd, byModel),
        };
    }

    /// <summary>
    /// The nearest-rank percentile of ascending <paramref name="sorted"/> values: the smallest value with at least
    /// <paramref name="percentile"/>% of the values at or below it, so it is always an observed latency.
    /// </summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
