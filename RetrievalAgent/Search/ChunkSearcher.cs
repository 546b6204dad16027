using System.Diagnostics;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Search;

/// <summary>
/// Finds the chunks for a query: BM25 candidates from the store, re-ranked by score = BM25 (negated, higher is better)
/// + weighted term coverage (0..1). On a large corpus BM25 dominates and coverage breaks ties; on a corpus of a few
/// documents BM25's IDF is clamped to almost 0 for common terms, and coverage is what still ranks a chunk that
/// holds all the question's terms above one that holds a single term.
/// </summary>
internal sealed class ChunkSearcher(IChunkStore store)
{
    public const int DefaultTopK = 5;
    public const int MaxTopK = 50;

    /// <summary>BM25 candidates fetched per requested result, so re-ranking can promote chunks BM25 placed lower.</summary>
    private const int CandidatesPerResult = 4;
    private const int MinCandidates = 40;

    public async Task<IReadOnlyList<RankedChunk>> SearchAsync(string query, int topK, SearchFilters? filters, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var terms = ContentTerms.ForQuestion(query);
        if (terms.Count == 0)
        {
            return [];
        }

        var candidates = await store.SearchAsync(query, Math.Max(topK * CandidatesPerResult, MinCandidates), filters, cancellationToken);
        var ranked = candidates
            .Select(candidate => Rank(candidate, terms))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Chunk.DocumentId, StringComparer.Ordinal)
            .ThenBy(r => r.Chunk.Ordinal)
            .Take(topK)
            .ToList();

        RetrievalMetrics.SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return ranked;
    }

    private static RankedChunk Rank(ScoredChunk candidate, IReadOnlyList<QueryTerm> terms)
    {
        var stems = ContentTerms.StemsOf(candidate.Chunk.Text + "\n" + candidate.Chunk.DocumentName);
        var coverage = ContentTerms.Coverage(terms, stems);
        return new RankedChunk(
            candidate.Chunk,
            Score: candidate.Score + coverage,
            KeywordScore: candidate.Score,
            Coverage: coverage,
            SpecificCoverage: ContentTerms.SpecificCoverage(terms, stems),
            MissingRequired: terms.Any(t => t.IsRequired && !stems.Contains(t.Stem)));
    }
}
