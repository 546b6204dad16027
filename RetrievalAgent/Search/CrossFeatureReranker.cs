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

    // Both features below scan the chunk's stem sequence (hundreds of stems) once per candidate and compare each stem
    // with the query's few stems by ordinal equality: no hash set of the chunk's pairs or stems is built per query,
    // which under load was most of the reranker's CPU and allocation.

    /// <summary>Share of the query's adjacent content-term pairs found adjacent, in order, in the chunk.</summary>
    internal static double Phrase(IReadOnlyList<QueryTerm> terms, IReadOnlyList<string> sequence)
    {
        if (terms.Count < 2)
        {
            return 0;
        }

        var pairCount = terms.Count - 1;
        Span<bool> present = pairCount <= 64 ? stackalloc bool[pairCount] : new bool[pairCount];
        var missing = pairCount;
        for (var i = 0; i + 1 < sequence.Count && missing > 0; i++)
        {
            var first = sequence[i];
            for (var p = 0; p < pairCount; p++)
            {
                if (!present[p] && string.Equals(first, terms[p].Stem, StringComparison.Ordinal)
                    && string.Equals(sequence[i + 1], terms[p + 1].Stem, StringComparison.Ordinal))
                {
                    present[p] = true;
                    missing--;
                }
            }
        }

        return (double)(pairCount - missing) / pairCount;
    }

    /// <summary>Distinct matched terms divided by the width of the smallest window of the chunk that holds them all.</summary>
    internal static double Proximity(IReadOnlyList<QueryTerm> terms, IReadOnlyList<string> sequence)
    {
        var stems = DistinctStems(terms);
        Span<int> counts = stems.Length <= 64 ? stackalloc int[stems.Length] : new int[stems.Length];
        var presentCount = 0;
        foreach (var stem in sequence)
        {
            var id = IndexOf(stems, stem);
            if (id >= 0 && counts[id]++ == 0)
            {
                presentCount++;
            }
        }

        if (presentCount == 0)
        {
            return 0;
        }

        if (presentCount == 1)
        {
            return 1.0 / terms.Count;
        }

        // Classic minimum window over the positions of the present terms.
        counts.Clear();
        var covered = 0;
        var best = int.MaxValue;
        var left = 0;
        for (var right = 0; right < sequence.Count; right++)
        {
            var id = IndexOf(stems, sequence[right]);
            if (id < 0)
            {
                continue;
            }

            if (counts[id]++ == 0)
            {
                covered++;
            }

            while (covered == presentCount)
            {
                best = Math.Min(best, right - left + 1);
                var leftId = IndexOf(stems, sequence[left]);
                if (leftId >= 0 && --counts[leftId] == 0)
                {
                    covered--;
                }

                left++;
            }
        }

        return (double)presentCount / best * presentCount / terms.Count;
    }

    private static string[] DistinctStems(IReadOnlyList<QueryTerm> terms)
    {
        var stems = new List<string>(terms.Count);
        foreach (var term in terms)
        {
            if (!stems.Contains(term.Stem, StringComparer.Ordinal))
            {
                stems.Add(term.Stem);
            }
        }

        return [.. stems];
    }

    private static int IndexOf(string[] stems, string stem)
    {
        for (var i = 0; i < stems.Length; i++)
        {
            if (string.Equals(stems[i], stem, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
