namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// Where chunks live and how they are found: by keywords (BM25) and by vector similarity, both under the same
/// <see cref="ChunkFilter"/> (metadata filters and caller access). Writes are per document and all-or-nothing.
/// The search pipeline depends only on this interface; the embedded implementation is <see cref="SqliteChunkStore"/>,
/// whose records are also exposed as a <c>VectorStoreCollection&lt;string, ChunkRecord&gt;</c> so a second store
/// (Qdrant) can be written against the same record type.
/// </summary>
public interface IChunkStore
{
    /// <summary>
    /// Replaces every chunk of the document with <paramref name="chunks"/> (embedded on the way in) in one transaction.
    /// </summary>
    Task UpsertDocumentAsync(StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default);

    /// <returns><see langword="true"/> when the document or any of its chunks existed.</returns>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keyword (BM25) search. <paramref name="query"/> is user text; the store makes it safe for its query syntax.
    /// Best first; at most <paramref name="limit"/> chunks. <see cref="ScoredChunk.Score"/> is the negated BM25.
    /// </summary>
    Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Vector search: the <paramref name="limit"/> chunks most cosine-similar to <paramref name="vector"/>, best first.
    /// <see cref="ScoredChunk.Score"/> is the cosine similarity. Chunks not yet embedded are not candidates.
    /// </summary>
    Task<IReadOnlyList<ScoredChunk>> VectorSearchAsync(ReadOnlyMemory<float> vector, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The chunks of one document in order; empty when it has none or <paramref name="filter"/> hides it.</summary>
    Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, ChunkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The stored chunks with these ids (those that exist), re-read from the store: citations are checked against them.</summary>
    Task<IReadOnlyDictionary<string, StoredChunk>> GetChunksByIdAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default);

    Task<int> CountDocumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Corpus statistics for the evidence measure, over the chunks <paramref name="filter"/> lets through: how many there
    /// are, and for each of <paramref name="tokens"/> (single lowercase tokens, stemmed by the index as it stems text)
    /// in how many of them it occurs. A token that occurs in no chunk the caller may read has frequency 0.
    /// </summary>
    Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> tokens, ChunkFilter? filter = null, CancellationToken cancellationToken = default);
}

/// <summary>Document (chunk) frequencies: <see cref="ChunkCount"/> chunks, <see cref="DocumentFrequency"/> per token.</summary>
public sealed record TermStatistics(int ChunkCount, IReadOnlyDictionary<string, int> DocumentFrequency);
