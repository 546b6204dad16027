namespace Switchboard.Load.Stats;

/// <summary>Percentiles by linear interpolation between closest ranks (the common "type 7" definition, as in the evaluation harness).</summary>
public static class Percentiles
{
    /// <param name="sorted">Ascending values.</param>
    /// <param name="percentile">0 to 100.</param>
    /// <returns>Null for an empty sample.</returns>
    public static double? OfSorted(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Count == 0)
        {
            return null;
        }

        var position = percentile / 100 * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    public static double? Of(IEnumerable<double> values, double percentile) => OfSorted(values.Order().ToArray(), percentile);
}

/// <summary>p50/p95/p99/max (and mean) of one set of latencies, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double? P50, double? P95, double? P99, double? Max, double? Mean)
{
    public static readonly LatencySummary Empty = new(0, null, null, null, null, null);

    public static LatencySummary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? Empty
            : new LatencySummary(sorted.Length, Percentiles.OfSorted(sorted, 50), Percentiles.OfSorted(sorted, 95),
                Percentiles.OfSorted(sorted, 99), sorted[^1], sorted.Average());
    }
}
