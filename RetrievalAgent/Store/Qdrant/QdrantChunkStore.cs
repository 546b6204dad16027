using System.Text.Json.Nodes;
using Switchboard.RetrievalAgent.Store.VectorData;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// <see cref="IChunkStore"/> over Qdrant, so the search pipeline, answers and citations run unchanged on either store.
/// Keyword search is the sparse BM25 vector, vector search the dense one; both carry the <see cref="ChunkFilter"/>
/// as a Qdrant filter (access included).
/// </summary>
/// <remarks>
/// Differences from SQLite, by design: a document's write is not one transaction — its points are upserted first
/// (same ids, replaced in place) and only then are ordinals past the new count deleted, so a reader never sees the
/// document missing, and a failure leaves a retryable mix of old and new chunks that the redelivered event repairs.
/// Term statistics for the evidence measure scroll the chunks the caller may read and count stems here
/// (O(visible chunks) per question): Qdrant has no per-term document frequency API whose stemmer matches ours.
/// </remarks>
public sealed class QdrantChunkStore(QdrantChunkIndex index) : IChunkStore
{
    public async Task UpsertDocumentAsync(StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default)
    {
        var records = chunks.Select(c => new ChunkRecord
        {
            Id = c.Id,
            DocumentId = document.Id,
            DocumentName = c.DocumentName,
            Ordinal = c.Ordinal,
            Page = c.Page,
            Row = c.Row,
            Text = c.Text,
            Tags = [.. document.Tags],
            AllowedGroups = [.. document.AllowedGroups],
            UploadedAt = document.CreatedAt,
        }).ToList();
        await index.UpsertAsync(records, cancellationToken);

        var stale = QdrantFilters.Unrestricted(
            QdrantFilters.Match(QdrantPoints.DocumentId, document.Id),
            new JsonObject { ["key"] = QdrantPoints.Ordinal, ["range"] = new JsonObject { ["gte"] = chunks.Count == 0 ? 0 : chunks.Max(c => c.Ordinal) + 1 } });
        await index.DeleteAsync(stale, cancellationToken);
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var filter = QdrantFilters.Unrestricted(QdrantFilters.Match(QdrantPoints.DocumentId, documentId));
        var existed = await index.CountAsync(filter, cancellationToken) > 0;
        await index.DeleteAsync(filter, cancellationToken);
        return existed;
    }

    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        if (filter.MatchesNothing || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var hits = await index.QueryAsync(index.SparseQuery(query, QdrantFilters.For(filter), limit), cancellationToken);
        return hits.Select(h => new ScoredChunk(QdrantPoints.Chunk(h.Point), h.Score)).ToList();
    }

    public async Task<IReadOnlyList<ScoredChunk>> VectorSearchAsync(ReadOnlyMemory<float> vector, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        if (filter.MatchesNothing || vector.IsEmpty)
        {
            return [];
        }

        var hits = await index.QueryAsync(QdrantChunkIndex.DenseQuery(vector, QdrantFilters.For(filter), limit), cancellationToken);
        return hits.Select(h => new ScoredChunk(QdrantPoints.Chunk(h.Point), h.Score)).ToList();
    }

    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        if (filter.MatchesNothing)
        {
            return [];
        }

        var chunks = new List<StoredChunk>();
        await foreach (var point in index.ScrollAsync(QdrantFilters.For(filter, QdrantFilters.Match(QdrantPoints.DocumentId, documentId)), withVector: false, cancellationToken))
        {
            chunks.Add(QdrantPoints.Chunk(point));
        }

        return chunks.OrderBy(c => c.Ordinal).ToList();
    }

    public async Task<IReadOnlyDictionary<string, StoredChunk>> GetChunksByIdAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default)
    {
        if (chunkIds.Count == 0)
        {
            return new Dictionary<string, StoredChunk>(StringComparer.Ordinal);
        }

        var points = await index.RetrieveAsync(chunkIds.Distinct(StringComparer.Ordinal), withVector: false, cancellationToken);
        return points.Select(QdrantPoints.Chunk).ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>Distinct document ids over a scroll of the payload: O(chunks); used by tools, not on the request path.</summary>
    public async Task<int> CountDocumentsAsync(CancellationToken cancellationToken = default)
    {
        var documents = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var point in index.ScrollAsync(null, withVector: false, cancellationToken))
        {
            documents.Add((string?)point["payload"]?[QdrantPoints.DocumentId] ?? "");
        }

        return documents.Count;
    }

    public async Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> tokens, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        var distinct = tokens.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var frequencies = distinct.ToDictionary(t => t, _ => 0, StringComparer.Ordinal);
        if (filter.MatchesNothing)
        {
            return new TermStatistics(0, frequencies);
        }

        // The SQLite index stems each token as it stems text (porter); the same stemmer is applied here to both sides.
        var stems = distinct.Select(t => (Token: t, Stem: PorterStemmer.Stem(EvidenceTerms.RemoveDiacritics(t).ToLowerInvariant()))).ToList();
        var count = 0;
        await foreach (var point in index.ScrollAsync(QdrantFilters.For(filter), withVector: false, cancellationToken))
        {
            count++;
            var text = (string?)point["payload"]?[QdrantPoints.Text] ?? "";
            var chunkStems = EvidenceTerms.StemsOf(text);
            foreach (var (token, stem) in stems)
            {
                if (chunkStems.Contains(stem))
                {
                    frequencies[token]++;
                }
            }
        }

        return new TermStatistics(count, frequencies);
    }
}
