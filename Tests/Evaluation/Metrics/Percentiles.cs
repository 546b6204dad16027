namespace Switchboard.Evaluation.Metrics;

/// <summary>Latency percentiles by linear interpolation between closest ranks (the common "type 7" definition).</summary>
public static class Percentiles
{
    /// <param name="percentile">0 to 100.</param>
    /// <returns>Null for an empty sample.</returns>
    public static double? Of(IEnumerable<double> values, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var position = percentile / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
