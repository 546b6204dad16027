using Switchboard.ReportingAgent.Ledger;

namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>Cuts ledger entries into consecutive time buckets and scores series of them (the hourly and per-minute series).</summary>
public static class LedgerBuckets
{
    /// <summary>The entries of each of <paramref name="count"/> buckets of <paramref name="step"/> from <paramref name="first"/>.</summary>
    public static List<LedgerEntry>[] Split(IEnumerable<LedgerEntry> entries, DateTimeOffset first, int count, TimeSpan step)
    {
        var buckets = new List<LedgerEntry>[Math.Max(0, count)];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        foreach (var entry in entries)
        {
            var index = (int)Math.Floor((entry.OccurredAt - first) / step);
            if (index >= 0 && index < buckets.Length)
            {
                buckets[index].Add(entry);
            }
        }

        return buckets;
    }

    /// <summary>
    /// The points from index <paramref name="firstScored"/> on that score at least <paramref name="threshold"/> against the
    /// valued points before them, with the median of the window they were compared with.
    /// </summary>
    public static IEnumerable<(string Series, int Index, double Value, double Baseline, double Score)> Flagged(
        IReadOnlyDictionary<string, double?[]> series, Func<string, RobustDetector> detectorOf, int firstScored, double threshold)
    {
        foreach (var (name, values) in series)
        {
            var detector = detectorOf(name);
            var history = new List<double>();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is not { } value)
                {
                    continue;
                }

                if (i >= firstScored)
                {
                    var score = detector.Score(history, value);
                    if (score >= threshold)
                    {
                        var recent = history.Skip(Math.Max(0, history.Count - detector.Window)).ToArray();
                        yield return (name, i, Math.Round(value, 4), Math.Round(RobustDetector.Median(recent), 4), score);
                    }
                }

                history.Add(value);
            }
        }
    }

    /// <summary>The score of the last point of every series (0 without a value or enough history).</summary>
    public static IReadOnlyDictionary<string, double> LatestScores(IReadOnlyDictionary<string, double?[]> series, Func<string, RobustDetector> detectorOf) =>
        series.ToDictionary(
            s => s.Key,
            s => detectorOf(s.Key).Scores(s.Value) is { Count: > 0 } scores ? scores[scores.Count - 1] ?? 0 : 0);
}
