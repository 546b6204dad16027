namespace Switchboard.RetrievalAgent.Search;

/// <summary>
/// Reciprocal-rank fusion (Cormack et al. 2009): an item's score is Σ weight / (k + rank) over the lists it appears
/// in (rank 1-based). It needs no score calibration between BM25 and cosine similarity, which live on different scales.
/// </summary>
internal static class ReciprocalRank
{
    public const double DefaultK = 60;

    /// <returns>Every item of every list once, best first; ties keep the order of first appearance.</returns>
    public static List<(T Item, double Score)> Fuse<T>(IReadOnlyList<(IReadOnlyList<T> Ranked, double Weight)> lists, Func<T, string> key, double k)
    {
        var fused = new Dictionary<string, (T Item, double Score, int FirstSeen)>(StringComparer.Ordinal);
        foreach (var (ranked, weight) in lists)
        {
            for (var i = 0; i < ranked.Count; i++)
            {
                var id = key(ranked[i]);
                var contribution = weight / (k + i + 1);
                fused[id] = fused.TryGetValue(id, out var seen)
                    ? (seen.Item, seen.Score + contribution, seen.FirstSeen)
                    : (ranked[i], contribution, fused.Count);
            }
        }

        return fused.Values
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.FirstSeen)
            .Select(f => (f.Item, f.Score))
            .ToList();
    }
}
