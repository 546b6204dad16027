using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Search;

/// <summary>
/// Reorders the head of the fused candidate list. The default is <see cref="CrossFeatureReranker"/>; an LLM or
/// cross-encoder reranker replaces it by registering another implementation.
/// </summary>
internal interface IReranker
{
    /// <param name="query">The user's text (never logged).</param>
    /// <param name="terms">Its content terms.</param>
    /// <param name="candidates">Best first, as fused.</param>
    /// <returns>The same chunks in the new order, with <see cref="RankedChunk.Score"/> set to the reranker's score.</returns>
    Task<IReadOnlyList<RankedChunk>> RerankAsync(string query, IReadOnlyList<QueryTerm> terms, IReadOnlyList<RankedChunk> candidates, CancellationToken cancellationToken);
}
