using Switchboard.AgentCore.Contracts;

namespace Switchboard.Evaluation.Metrics;

/// <summary>
/// Where the gold source appears in a ranked hit list (1-based rank of the first matching chunk, null when absent), and
/// the aggregate retrieval metrics hit@k and MRR over many questions.
/// </summary>
public static class Ranking
{
    /// <summary>The rank of the first hit from <paramref name="document"/> (file name, case-insensitive).</summary>
    public static int? DocumentRank(IReadOnlyList<SearchHit> hits, string document) =>
        RankOf(hits, hit => SameDocument(hit.DocumentName, document));

    /// <summary>
    /// The rank of the first hit from <paramref name="document"/> that covers the gold page or row. A PDF chunk never crosses
    /// a page, so its page must equal; a CSV chunk holds consecutive rows starting at <see cref="SearchHit.Row"/>, one per
    /// line of its text, so the gold row must lie in that range.
    /// </summary>
    public static int? LocationRank(IReadOnlyList<SearchHit> hits, string document, int? page, int? row) =>
        RankOf(hits, hit => SameDocument(hit.DocumentName, document)
            && (page is null || hit.Page == page)
            && (row is null || CoversRow(hit, row.Value)));

    public static bool CoversRow(SearchHit hit, int row)
    {
        if (hit.Row is not { } first)
        {
            return false;
        }

        var rows = string.IsNullOrEmpty(hit.Text) ? 1 : hit.Text.Count(c => c == '\n') + 1;
        return row >= first && row < first + rows;
    }

    /// <summary>Whether a citation points at the gold document (and page/row when labelled).</summary>
    public static bool CitesGold(Citation citation, string document, int? page, int? row) =>
        SameDocument(citation.DocumentName, document)
        && (page is null || citation.Page == page)
        && (row is null || citation.Row == row);

    /// <summary>Share of ranks that are at most <paramref name="k"/>; null ranks are misses. Null when there are no ranks.</summary>
    public static double? HitAt(IReadOnlyCollection<int?> ranks, int k) =>
        ranks.Count == 0 ? null : ranks.Count(rank => rank <= k) / (double)ranks.Count;

    /// <summary>Mean reciprocal rank; a miss contributes 0. Null when there are no ranks.</summary>
    public static double? MeanReciprocalRank(IReadOnlyCollection<int?> ranks) =>
        ranks.Count == 0 ? null : ranks.Sum(rank => rank is { } r ? 1.0 / r : 0) / ranks.Count;

    public static bool SameDocument(string? name, string gold) => string.Equals(name, gold, StringComparison.OrdinalIgnoreCase);

    private static int? RankOf(IReadOnlyList<SearchHit> hits, Func<SearchHit, bool> matches)
    {
        for (var i = 0; i < hits.Count; i++)
        {
            if (matches(hits[i]))
            {
                return i + 1;
            }
        }

        return null;
    }
}
