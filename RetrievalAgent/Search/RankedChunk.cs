using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Search;

/// <summary>
/// A search result with the parts of its score. <see cref="Score"/> orders results (fused, or reranked, or the keyword
/// score in keyword mode). <see cref="KeywordScore"/> is the negated BM25 (null when only the vector side found it),
/// <see cref="VectorScore"/> the cosine similarity (null when only the keyword side found it). <see cref="Coverage"/>
/// is the weighted share of the query's content terms found in the chunk (or its document name),
/// <see cref="SpecificCoverage"/> the share of its numbers and proper nouns, <see cref="MissingRequired"/> whether a
/// required term (a year, an amount, a code) is absent.
/// </summary>
internal sealed record RankedChunk(
    StoredChunk Chunk,
    double Score,
    double? KeywordScore,
    double? VectorScore,
    double Coverage,
    double SpecificCoverage,
    bool MissingRequired)
{
    public SearchHit ToHit() => new(Chunk.Id, Chunk.DocumentId, Chunk.DocumentName, Chunk.Page, Chunk.Row, Chunk.Text, Math.Round(Score, 6));
}
