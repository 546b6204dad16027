using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Search;

/// <summary>
/// The search pipeline. Keyword mode (the baseline): BM25 candidates ranked by BM25 (negated) + weighted term
/// coverage, exactly as the first version did. Hybrid mode (default): that keyword list and the vector list (cosine
/// similarity to the embedded query) are fused by reciprocal rank, the head of the fused list is optionally
/// reranked (<see cref="IReranker"/>), and the top-k are returned. Filters and caller access are applied by the store
/// to both candidate lists.
/// </summary>
internal sealed class ChunkSearcher(
    IChunkStore store,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IReranker reranker,
    IOptions<SearchOptions> options)
{
    public const int DefaultTopK = 5;
    public const int MaxTopK = Switchboard.AgentCore.Contracts.Limits.MaxSearchTopK;

    public SearchOptions Settings => options.Value;

    /// <summary>The store searched (the evidence measure reads its term statistics).</summary>
    public IChunkStore Store => store;

    public async Task<IReadOnlyList<RankedChunk>> SearchAsync(string query, int topK, ChunkFilter filter, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var terms = ContentTerms.ForQuestion(query);
        if (terms.Count == 0)
        {
            return [];
        }

        var settings = options.Value;
        var pool = Math.Max(settings.CandidatePool, topK);
        var keyword = (await store.SearchAsync(query, pool, filter, cancellationToken))
            .Select(candidate => Rank(candidate.Chunk, terms, candidate.Score + Coverage(candidate.Chunk, terms), candidate.Score, null))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Chunk.DocumentId, StringComparer.Ordinal)
            .ThenBy(r => r.Chunk.Ordinal)
            .ToList();

        IReadOnlyList<RankedChunk> ranked;
        if (settings.Mode == SearchMode.Keyword)
        {
            ranked = keyword.Take(topK).ToList();
        }
        else
        {
            var vector = await embedder.GenerateVectorAsync(query, cancellationToken: cancellationToken);
            var similar = (await store.VectorSearchAsync(vector, pool, filter, cancellationToken))
                .Where(s => s.Score >= settings.MinVectorSimilarity)
                .Select(s => Rank(s.Chunk, terms, s.Score, null, s.Score))
                .ToList();
            var vectorScores = similar.ToDictionary(s => s.Chunk.Id, s => s.VectorScore, StringComparer.Ordinal);
            var fused = ReciprocalRank.Fuse([(keyword, settings.KeywordWeight), (similar, settings.VectorWeight)], r => r.Chunk.Id, settings.RrfK)
                .Select(f => f.Item with { Score = f.Score, VectorScore = vectorScores.GetValueOrDefault(f.Item.Chunk.Id) })
                .ToList();

            if (settings.Rerank.Enabled && fused.Count > 1)
            {
                var head = await reranker.RerankAsync(query, terms, fused.Take(settings.Rerank.Candidates).ToList(), cancellationToken);
                fused = head.Concat(fused.Skip(settings.Rerank.Candidates)).ToList();
            }

            ranked = fused.Take(topK).ToList();
        }

        RetrievalMetrics.SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("mode", settings.Mode.ToString().ToLowerInvariant()));
        return ranked;
    }

    private static double Coverage(StoredChunk chunk, IReadOnlyList<QueryTerm> terms) =>
        ContentTerms.Coverage(terms, ChunkAnalysis.Of(chunk).SearchStems);

    private static RankedChunk Rank(StoredChunk chunk, IReadOnlyList<QueryTerm> terms, double score, double? keywordScore, double? vectorScore)
    {
        var stems = ChunkAnalysis.Of(chunk).SearchStems;
        return new RankedChunk(
            chunk,
            Score: score,
            KeywordScore: keywordScore,
            VectorScore: vectorScore,
            Coverage: ContentTerms.Coverage(terms, stems),
            SpecificCoverage: ContentTerms.SpecificCoverage(terms, stems),
            MissingRequired: terms.Any(t => t.IsRequired && !stems.Contains(t.Stem)));
    }
}
