using System.Data.Common;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Switchboard.RetrievalAgent.Search;

namespace Switchboard.RetrievalAgent.Store.VectorData;

/// <summary>
/// The SQLite chunk store seen through <c>Microsoft.Extensions.VectorData</c>: the same file, tables and embedder as
/// <see cref="SqliteChunkStore"/>, exposed as a <see cref="VectorStoreCollection{TKey, TRecord}"/> with keyword-hybrid
/// search, so tools written against the abstraction (and a second store, such as Qdrant) share one record type.
/// </summary>
/// <remarks>
/// LINQ filters (<see cref="VectorSearchOptions{TRecord}.Filter"/>, the filtered <c>GetAsync</c>) are compiled and
/// evaluated in process while rows stream past, not translated to SQL; the search pipeline does not use this path,
/// it uses <see cref="IChunkStore"/>, whose <see cref="ChunkFilter"/> the store applies in SQL.
/// Memory stays bounded by <c>top</c> except for a filtered <c>GetAsync</c> with <c>OrderBy</c>, which sorts in memory.
/// </remarks>
internal sealed class SqliteChunkCollection(SqliteChunkStore store) : VectorStoreCollection<string, ChunkRecord>, IKeywordHybridSearchable<ChunkRecord>
{
    public const string CollectionName = "chunks";

    private const string RecordColumns = SqliteChunkStore.ChunkColumns + ", d.tags, d.allowed_groups, d.uploaded_at_ms, c.embedding";
    private const string RecordFrom = "FROM chunks c JOIN documents d ON d.id = c.document_id";

    /// <summary>Candidates taken from each side before reciprocal-rank fusion in <see cref="HybridSearchAsync"/>.</summary>
    private const int HybridPoolFactor = 4;

    public override string Name => CollectionName;

    public override async Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'chunks'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        // Opening a connection creates (or migrates) the schema.
        await using var connection = await store.OpenAsync(cancellationToken);
    }

    /// <summary>Removes every document and chunk; the (empty) tables stay, so the collection still exists afterwards.</summary>
    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = SqliteChunkStore.Command(connection, transaction, """
            DELETE FROM chunks_fts; DELETE FROM chunks; DELETE FROM document_tags; DELETE FROM document_groups; DELETE FROM documents;
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task<ChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecordColumns} {RecordFrom} WHERE c.id = $id";
        command.Parameters.AddWithValue("$id", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRecord(reader, options?.IncludeVectors ?? false) : null;
    }

    public override async IAsyncEnumerable<ChunkRecord> GetAsync(
        Expression<Func<ChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var predicate = filter.Compile();
        var includeVectors = options?.IncludeVectors ?? false;
        var skip = options?.Skip ?? 0;
        var records = ReadAllAsync(includeVectors, cancellationToken).Where(predicate);
        if (options?.OrderBy is { } orderBy)
        {
            IOrderedEnumerable<ChunkRecord>? ordered = null;
            var all = await records.ToListAsync(cancellationToken);
            foreach (var sort in orderBy(new FilteredRecordRetrievalOptions<ChunkRecord>.OrderByDefinition()).Values)
            {
                var key = sort.PropertySelector.Compile();
                ordered = ordered is null
                    ? (sort.Ascending ? all.OrderBy(key) : all.OrderByDescending(key))
                    : (sort.Ascending ? ordered.ThenBy(key) : ordered.ThenByDescending(key));
            }

            foreach (var record in (ordered ?? (IEnumerable<ChunkRecord>)all).Skip(skip).Take(top))
            {
                yield return record;
            }

            yield break;
        }

        await foreach (var record in records.Skip(skip).Take(top).WithCancellation(cancellationToken))
        {
            yield return record;
        }
    }

    public override async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await DeleteChunkAsync(connection, transaction, key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override Task UpsertAsync(ChunkRecord record, CancellationToken cancellationToken = default) =>
        UpsertAsync([record], cancellationToken);

    /// <summary>
    /// Writes the records in one transaction: each replaces the chunk with its key, and its document's metadata
    /// (name, tags, groups, upload time) is taken from the record. Records without a vector are embedded first.
    /// </summary>
    public override async Task UpsertAsync(IEnumerable<ChunkRecord> records, CancellationToken cancellationToken = default)
    {
        var list = records.ToList();
        var missing = list.Where(r => r.Embedding.IsEmpty).ToList();
        var vectors = await store.EmbedAsync(missing.Select(r => r.Text).ToList(), cancellationToken);
        var embedded = new Dictionary<ChunkRecord, ReadOnlyMemory<float>>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < missing.Count; i++)
        {
            embedded[missing[i]] = vectors[i];
        }


        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var document in list.GroupBy(r => r.DocumentId, StringComparer.Ordinal))
        {
            await SqliteChunkStore.WriteDocumentAsync(connection, transaction, document.Last().ToStoredDocument(), 0, cancellationToken);
        }

        await using (var insert = new ChunkInsert(connection, transaction))
        {
            foreach (var record in list)
            {
                await DeleteChunkAsync(connection, transaction, record.Id, cancellationToken);
                await insert.ExecuteAsync(record.ToStoredChunk(), embedded.TryGetValue(record, out var v) ? v : record.Embedding, cancellationToken);
            }
        }

        await using (var count = SqliteChunkStore.Command(connection, transaction,
            "UPDATE documents SET chunk_count = (SELECT count(*) FROM chunks WHERE document_id = documents.id)"))
        {
            await count.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public override async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var query = await ToVectorAsync(searchValue, cancellationToken);
        var predicate = options?.Filter?.Compile();
        var skip = options?.Skip ?? 0;
        var includeVectors = options?.IncludeVectors ?? false;
        var best = new PriorityQueue<ChunkRecord, double>(top + skip + 1);
        await foreach (var record in ReadAllAsync(includeVectors: true, cancellationToken))
        {
            if (record.Embedding.Length != query.Length || predicate?.Invoke(record) == false)
            {
                continue;
            }

            double score = TensorPrimitives.CosineSimilarity(query.Span, record.Embedding.Span);
            if (options?.ScoreThreshold is { } threshold && score < threshold)
            {
                continue;
            }

            if (!includeVectors)
            {
                record.Embedding = ReadOnlyMemory<float>.Empty;
            }

            best.Enqueue(record, score);
            if (best.Count > top + skip)
            {
                best.Dequeue();
            }
        }

        foreach (var result in Drain(best).Skip(skip))
        {
            yield return result;
        }
    }

    /// <summary>
    /// Vector and keyword (FTS5 BM25 over <c>keywords</c>) candidates fused by reciprocal rank (k = 60, equal weights);
    /// <see cref="VectorSearchResult{TRecord}.Score"/> is the fused score.
    /// </summary>
    public async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> HybridSearchAsync<TInput>(
        TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default) where TInput : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var pool = (top + (options?.Skip ?? 0)) * HybridPoolFactor;
        var vectorOptions = new VectorSearchOptions<ChunkRecord> { Filter = options?.Filter, IncludeVectors = options?.IncludeVectors ?? false };
        var vectorHits = await SearchAsync(searchValue, pool, vectorOptions, cancellationToken).Select(h => h.Record).ToListAsync(cancellationToken);
        var keywordHits = await KeywordAsync(string.Join(' ', keywords), pool, options?.Filter?.Compile(), cancellationToken);

        var fused = ReciprocalRank.Fuse([(vectorHits, 1.0), (keywordHits, 1.0)], r => r.Id, ReciprocalRank.DefaultK);
        foreach (var (record, score) in fused.Skip(options?.Skip ?? 0).Take(top))
        {
            yield return new VectorSearchResult<ChunkRecord>(record, score);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata
            {
                VectorStoreSystemName = "sqlite",
                VectorStoreName = store.DatabasePath,
                CollectionName = CollectionName,
            }
            : serviceType == typeof(IEmbeddingGenerator<string, Embedding<float>>) ? store.Embedder
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task<ReadOnlyMemory<float>> ToVectorAsync<TInput>(TInput value, CancellationToken cancellationToken) => value switch
    {
        ReadOnlyMemory<float> memory => memory,
        float[] array => array,
        Embedding<float> embedding => embedding.Vector,
        string text => (await store.EmbedAsync([text], cancellationToken))[0],
        _ => throw new NotSupportedException(
            $"Search values of type {typeof(TInput).Name} are not supported; use string, float[], ReadOnlyMemory<float> or Embedding<float>."),
    };

    private async Task<List<ChunkRecord>> KeywordAsync(string text, int limit, Func<ChunkRecord, bool>? predicate, CancellationToken cancellationToken)
    {
        var records = new List<ChunkRecord>();
        if (FtsQuery.Build(text) is not { } match)
        {
            return records;
        }

        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RecordColumns} FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid JOIN documents d ON d.id = c.document_id
            WHERE chunks_fts MATCH $match ORDER BY bm25(chunks_fts), c.document_id, c.ordinal
            """;
        command.Parameters.AddWithValue("$match", match);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (records.Count < limit && await reader.ReadAsync(cancellationToken))
        {
            var record = ReadRecord(reader, includeVectors: false);
            if (predicate?.Invoke(record) != false)
            {
                records.Add(record);
            }
        }

        return records;
    }

    private async IAsyncEnumerable<ChunkRecord> ReadAllAsync(bool includeVectors, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecordColumns} {RecordFrom} ORDER BY c.document_id, c.ordinal";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadRecord(reader, includeVectors);
        }
    }

    private static ChunkRecord ReadRecord(DbDataReader reader, bool includeVectors)
    {
        var chunk = SqliteChunkStore.ReadChunk(reader);
        var column = SqliteChunkStore.ChunkColumnCount;
        return new ChunkRecord
        {
            Id = chunk.Id,
            DocumentId = chunk.DocumentId,
            DocumentName = chunk.DocumentName,
            Ordinal = chunk.Ordinal,
            Page = chunk.Page,
            Row = chunk.Row,
            Text = chunk.Text,
            Tags = JsonSerializer.Deserialize<List<string>>(reader.GetString(column)) ?? [],
            AllowedGroups = JsonSerializer.Deserialize<List<string>>(reader.GetString(column + 1)) ?? [],
            UploadedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.IsDBNull(column + 2) ? 0 : reader.GetInt64(column + 2)),
            Embedding = includeVectors && !reader.IsDBNull(column + 3)
                ? MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(column + 3)).ToArray()
                : ReadOnlyMemory<float>.Empty,
        };
    }

    private static async Task DeleteChunkAsync(SqliteConnection connection, SqliteTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = SqliteChunkStore.Command(connection, transaction, """
            DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE id = $id);
            DELETE FROM chunks WHERE id = $id;
            """);
        command.Parameters.AddWithValue("$id", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<VectorSearchResult<ChunkRecord>> Drain(PriorityQueue<ChunkRecord, double> best)
    {
        var results = new List<VectorSearchResult<ChunkRecord>>(best.Count);
        while (best.TryDequeue(out var record, out var score))
        {
            results.Add(new VectorSearchResult<ChunkRecord>(record, score));
        }

        results.Reverse();
        return results;
    }
}
