namespace Switchboard.RetrievalAgent.Store.Indexed;

/// <summary>
/// The embedded store as the agent uses it: the SQLite file is the durable copy and the change log
/// (<see cref="SqliteChunkStore"/>), the <see cref="CorpusIndex"/> answers every query from memory. A write commits
/// to the file first, then updates this replica's index; other replicas sharing the file pick the change up from
/// the log (<see cref="CorpusIndexSync"/>). Queries wait for the first full load, so a restarted replica never
/// answers from a half-loaded corpus. Citations are still checked against the file (<see cref="GetChunksByIdAsync"/>).
/// </summary>
internal sealed class IndexedChunkStore(SqliteChunkStore file, CorpusIndex index, CorpusIndexSync sync) : IChunkStore
{
    public async Task UpsertDocumentAsync(StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default)
    {
        var (sequence, vectors) = await file.WriteDocumentAsync(document, chunks, cancellationToken);
        await sync.ApplyLocalAsync(sequence, () => index.Replace(document, chunks, vectors), cancellationToken);
        sync.Warm(chunks);
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var (deleted, sequence) = await file.RemoveDocumentAsync(documentId, cancellationToken);
        if (deleted)
        {
            await sync.ApplyLocalAsync(sequence, () => index.Remove(documentId), cancellationToken);
        }

        return deleted;
    }

    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await sync.Loaded.WaitAsync(cancellationToken);
        return index.Keyword(KeywordQuery.Parse(query), limit, filter ?? ChunkFilter.Anonymous);
    }

    public async Task<IReadOnlyList<ScoredChunk>> VectorSearchAsync(ReadOnlyMemory<float> vector, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await sync.Loaded.WaitAsync(cancellationToken);
        return index.Nearest(vector.Span, limit, filter ?? ChunkFilter.Anonymous);
    }

    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await sync.Loaded.WaitAsync(cancellationToken);
        return index.ChunksOf(documentId, filter ?? ChunkFilter.Anonymous);
    }

    /// <remarks>From the file, not the index: this is the check that a quote is still the stored text.</remarks>
    public Task<IReadOnlyDictionary<string, StoredChunk>> GetChunksByIdAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default) =>
        file.GetChunksByIdAsync(chunkIds, cancellationToken);

    public async Task<int> CountDocumentsAsync(CancellationToken cancellationToken = default)
    {
        await sync.Loaded.WaitAsync(cancellationToken);
        return index.DocumentCount;
    }

    public async Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> tokens, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await sync.Loaded.WaitAsync(cancellationToken);
        return index.Statistics(tokens, filter ?? ChunkFilter.Anonymous);
    }
}
