using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Search;

/// <summary>
/// A search result with the parts of its score: <see cref="Coverage"/> is the weighted share of the query's content
/// terms found in the chunk (or its document name), <see cref="SpecificCoverage"/> the share of its numbers and
/// proper nouns, <see cref="MissingRequired"/> whether a required term (a year, an amount, a code) is absent.
/// </summary>
internal sealed record RankedChunk(StoredChunk Chunk, double Score, double KeywordScore, double Coverage, double SpecificCoverage, bool MissingRequired)
{
    public SearchHit ToHit() => new(Chunk.Id, Chunk.DocumentId, Chunk.DocumentName, Chunk.Page, Chunk.Row, Chunk.Text, Math.Round(Score, 6));
}
