using Switchboard.AgentCore.Contracts;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// Where chunks live and how they are found by keywords. Writes are per document and all-or-nothing.
/// A second implementation (vectors, Qdrant) can sit behind this interface without touching ingestion or the API.
/// </summary>
public interface IChunkStore
{
    /// <summary>Replaces every chunk of the document with <paramref name="chunks"/> in one transaction.</summary>
    Task UpsertDocumentAsync(StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default);

    /// <returns><see langword="true"/> when the document or any of its chunks existed.</returns>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keyword (BM25) search. <paramref name="query"/> is user text; the store makes it safe for its query syntax.
    /// Best first; at most <paramref name="limit"/> chunks.
    /// </summary>
    Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int limit, SearchFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary>The chunks of one document in order (empty when it has none).</summary>
    Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default);

    Task<int> CountDocumentsAsync(CancellationToken cancellationToken = default);
}
