namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>
/// A small robust anomaly detector for hourly series (ML.NET's time-series package is not available here): each point is
/// compared with the <c>window</c> points before it by a one-sided robust z-score,
/// <c>score = (x − median) / max(1.4826 · MAD, relativeFloor · |median|, absoluteFloor)</c>, and 0 when x is at or below
/// the median (only rises in cost, latency, not-found or traffic matter here).
/// <list type="bullet">
/// <item>The median and the MAD ignore a few outliers in the window, so one spike does not hide the next.</item>
/// <item>A spike and the first hours of a step change score high; once half the window has the new level the median
/// follows and the step is the new normal.</item>
/// <item>Steady noise stays near 1 (1.4826 · MAD estimates its standard deviation); a slow trend scores about
/// window/2 hours of drift against a MAD that spans the same drift, about 1.5 whatever the slope.</item>
/// <item>A window of whole days (default 48 hours) spans the daily cycle, so the busy hours of the day are not anomalies of the quiet ones.</item>
/// <item>The floors keep a flat series (MAD 0) from turning the smallest change into an infinite score.</item>
/// </list>
/// Points without a value (an hour without questions has no latency) are skipped, and a point with fewer than
/// <see cref="MinHistory"/> valued points before it scores 0.
/// </summary>
public sealed record RobustDetector(int Window, double RelativeFloor, double AbsoluteFloor)
{
    /// <summary>Valued points a score needs before it (half the window).</summary>
    public int MinHistory => Math.Max(3, Window / 2);

    /// <summary>The score of <paramref name="value"/> against <paramref name="history"/> (the valued points before it, oldest first).</summary>
    public double Score(IReadOnlyList<double> history, double value)
    {
        var recent = history.Count > Window ? history.Skip(history.Count - Window).ToArray() : history.ToArray();
        if (recent.Length < MinHistory)
        {
            return 0;
        }

        var median = Median(recent);
        var mad = Median(recent.Select(v => Math.Abs(v - median)).ToArray());
        var scale = Math.Max(1.4826 * mad, Math.Max(RelativeFloor * Math.Abs(median), AbsoluteFloor));
        return value <= median || scale <= 0 ? 0 : Math.Round((value - median) / scale, 2);
    }

    /// <summary>The score of every point of <paramref name="series"/> against the points before it (null for a point without value).</summary>
    public IReadOnlyList<double?> Scores(IReadOnlyList<double?> series)
    {
        var scores = new double?[series.Count];
        var history = new List<double>();
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i] is not { } value)
            {
                continue;
            }

            scores[i] = Score(history, value);
            history.Add(value);
        }

        return scores;
    }

    /// <summary>The median and the points around it (the baseline a score is measured from), for the report.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
