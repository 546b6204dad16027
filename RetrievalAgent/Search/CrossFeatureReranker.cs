using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Search;

/// <summary>
/// A cheap reranker from features of the query and the chunk seen together, the things a bag-of-words score misses:
/// <list type="bullet">
/// <item>coverage: the weighted share of the query's content terms in the chunk (or its document name);</item>
/// <item>phrase: the share of the query's adjacent term pairs that are also adjacent in the chunk;</item>
/// <item>proximity: matched terms / width of the smallest window of the chunk holding all of them;</item>
/// <item>title: the share of the query's terms in the document name;</item>
/// <item>prior: the fused rank, so that the first stage still breaks ties.</item>
/// </list>
/// </summary>
internal sealed class CrossFeatureReranker : IReranker
{
    internal const double CoverageWeight = 0.45;
    internal const double PhraseWeight = 0.2;
    internal const double ProximityWeight = 0.15;
    internal const double TitleWeight = 0.1;
    internal const double PriorWeight = 0.1;

    public Task<IReadOnlyList<RankedChunk>> RerankAsync(string query, IReadOnlyList<QueryTerm> terms, IReadOnlyList<RankedChunk> candidates, CancellationToken cancellationToken)
    {
        IReadOnlyList<RankedChunk> reranked = candidates
            .Select((candidate, rank) => candidate with { Score = Score(terms, candidate, rank) })
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Chunk.DocumentId, StringComparer.Ordinal)
            .ThenBy(c => c.Chunk.Ordinal)
            .ToList();
        return Task.FromResult(reranked);
    }

    internal static double Score(IReadOnlyList<QueryTerm> terms, RankedChunk candidate, int rank)
    {
        var analysis = ChunkAnalysis.Of(candidate.Chunk);
        var sequence = analysis.StemSequence;
        var title = ContentTerms.Coverage(terms, analysis.TitleStems);
        return CoverageWeight * candidate.Coverage
            + PhraseWeight * Phrase(terms, sequence)
            + ProximityWeight * Proximity(terms, sequence)
            + TitleWeight * title
            + PriorWeight / (1 + rank);
    }

    /// <summary>Share of the query's adjacent content-term pairs found adjacent, in order, in the chunk.</summary>
    internal static double Phrase(IReadOnlyList<QueryTerm> terms, IReadOnlyList<string> sequence)
    {
        if (terms.Count < 2)
        {
            return 0;
        }

        var pairs = new HashSet<(string, string)>();
        for (var i = 0; i + 1 < sequence.Count; i++)
        {
            pairs.Add((sequence[i], sequence[i + 1]));
        }

        var found = 0;
        for (var i = 0; i + 1 < terms.Count; i++)
        {
            if (pairs.Contains((terms[i].Stem, terms[i + 1].Stem)))
            {
                found++;
            }
        }

        return (double)found / (terms.Count - 1);
    }

    /// <summary>Distinct matched terms divided by the width of the smallest window of the chunk that holds them all.</summary>
    internal static double Proximity(IReadOnlyList<QueryTerm> terms, IReadOnlyList<string> sequence)
    {
        var wanted = terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        var present = sequence.Where(wanted.Contains).ToHashSet(StringComparer.Ordinal);
        if (present.Count == 0)
        {
            return 0;
        }

        if (present.Count == 1)
        {
            return 1.0 / terms.Count;
        }

        // Classic minimum window over the positions of the present terms.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var covered = 0;
        var best = int.MaxValue;
        var left = 0;
        for (var right = 0; right < sequence.Count; right++)
        {
            if (!present.Contains(sequence[right]))
            {
                continue;
            }

            counts[sequence[right]] = counts.GetValueOrDefault(sequence[right]) + 1;
            if (counts[sequence[right]] == 1)
            {
                covered++;
            }

            while (covered == present.Count)
            {
                best = Math.Min(best, right - left + 1);
                if (present.Contains(sequence[left]) && --counts[sequence[left]] == 0)
                {
                    covered--;
                }

                left++;
            }
        }

        return (double)present.Count / best * present.Count / terms.Count;
    }
}
