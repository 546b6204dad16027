using System.Data.Common;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// The embedded store: one SQLite file in WAL mode holding <c>documents</c> (with tags, allowed groups and upload
/// time), <c>chunks</c> (text plus its embedding as a float32 BLOB) and the FTS5 index <c>chunks_fts</c>
/// (porter + unicode61) whose rowid is the chunk's rowid. A document's chunks are embedded before its write
/// transaction starts and written in that one transaction, so they are either all there, vectors included, or not at all.
/// </summary>
/// <remarks>
/// Vector search is exact and brute force: it streams the vectors of the chunks that pass the filter and keeps the
/// best ones in a bounded heap, so memory stays flat, but time grows linearly with the number of chunks
/// (see Tests/Benchmarks/RESULTS.md). Beyond a few tens of thousands of chunks, use a vector database.
/// </remarks>
internal sealed partial class SqliteChunkStore : IChunkStore
{
    /// <summary>Texts per embedding call: hosted providers cap the batch size, and the hashing one doesn't care.</summary>
    private const int EmbeddingBatchSize = 64;

    private readonly string _connectionString;
    private readonly Lazy<Task> _schema;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;

    public SqliteChunkStore(IOptions<ChunkStoreOptions> options, IHostEnvironment environment, IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath, environment.ContentRootPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DatabasePath = path;
        _embedder = embedder;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30, // seconds to wait for another writer (SQLITE_BUSY) before failing
        }.ToString();
        _schema = new Lazy<Task>(CreateSchemaAsync);
    }

    public string DatabasePath { get; }

    internal IEmbeddingGenerator<string, Embedding<float>> Embedder => _embedder;

    public async Task UpsertDocumentAsync(StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default) =>
        await WriteDocumentAsync(document, chunks, cancellationToken);

    /// <summary>
    /// Writes the document and its chunks in one transaction with a change-log row, and returns that row's sequence
    /// number and the vectors written (what the in-memory index needs, so it does not read them back).
    /// </summary>
    internal async Task<(long Sequence, IReadOnlyList<ReadOnlyMemory<float>> Vectors)> WriteDocumentAsync(
        StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Any(c => c.DocumentId != document.Id))
        {
            throw new ArgumentException("Every chunk must belong to the document being written.", nameof(chunks));
        }

        // Outside the transaction: a slow (remote) embedder must not hold SQLite's write lock.
        var vectors = await EmbedAsync(chunks.Select(c => c.Text).ToList(), cancellationToken);

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await DeleteRowsAsync(connection, transaction, document.Id, cancellationToken);
        await WriteDocumentAsync(connection, transaction, document, chunks.Count, cancellationToken);
        await using (var insert = new ChunkInsert(connection, transaction))
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                await insert.ExecuteAsync(chunks[i], vectors[i], cancellationToken);
            }
        }

        var sequence = await RecordChangeAsync(connection, transaction, document.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (sequence, vectors);
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        (await RemoveDocumentAsync(documentId, cancellationToken)).Deleted;

    /// <summary>Deletes the document's rows with a change-log row in the same transaction.</summary>
    internal async Task<(bool Deleted, long Sequence)> RemoveDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await DeleteRowsAsync(connection, transaction, documentId, cancellationToken);
        var sequence = deleted ? await RecordChangeAsync(connection, transaction, documentId, cancellationToken) : 0;
        await transaction.CommitAsync(cancellationToken);
        return (deleted, sequence);
    }

    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        var match = FtsQuery.Build(query);
        if (match is null || limit <= 0 || filter.MatchesNothing)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = SqlFilter.Where(filter, command);
        // bm25() is lower-is-better (negative); its negation is the score, higher-is-better.
        command.CommandText = $"""
            SELECT {ChunkColumns}, -bm25(chunks_fts) AS score
            FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid JOIN documents d ON d.id = c.document_id
            WHERE chunks_fts MATCH $match AND {where}
            ORDER BY bm25(chunks_fts), c.document_id, c.ordinal
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit);

        var results = new List<ScoredChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new ScoredChunk(ReadChunk(reader), reader.GetDouble(ChunkColumnCount)));
        }

        return results;
    }

    public async Task<IReadOnlyList<ScoredChunk>> VectorSearchAsync(ReadOnlyMemory<float> vector, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        if (limit <= 0 || vector.IsEmpty || filter.MatchesNothing)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        var best = new PriorityQueue<long, (float Score, long RowId)>(limit + 1, WorstFirst.Instance);
        await using (var command = connection.CreateCommand())
        {
            var where = SqlFilter.Where(filter, command);
            command.CommandText = $"""
                SELECT c.rowid, c.embedding FROM chunks c JOIN documents d ON d.id = c.document_id
                WHERE c.embedding IS NOT NULL AND {where}
                """;
            var expectedBytes = vector.Length * sizeof(float);
            var buffer = new byte[expectedBytes];
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // A vector of another size comes from an earlier embedder and waits for the backfill.
                if (reader.GetBytes(1, 0, null, 0, 0) != expectedBytes)
                {
                    continue;
                }

                reader.GetBytes(1, 0, buffer, 0, expectedBytes);
                var score = TensorPrimitives.CosineSimilarity(vector.Span, MemoryMarshal.Cast<byte, float>(buffer));
                var rowId = reader.GetInt64(0);
                if (best.Count < limit)
                {
                    best.Enqueue(rowId, (score, rowId));
                }
                else if (best.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare((score, rowId), worst) > 0)
                {
                    best.DequeueEnqueue(rowId, (score, rowId));
                }
            }
        }

        var scores = new Dictionary<long, float>();
        while (best.TryDequeue(out var rowId, out var entry))
        {
            scores[rowId] = entry.Score;
        }

        var chunks = await ReadByRowIdAsync(connection, scores.Keys, cancellationToken);
        return chunks
            .Select(c => new ScoredChunk(c.Chunk, scores[c.RowId]))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Chunk.DocumentId, StringComparer.Ordinal)
            .ThenBy(s => s.Chunk.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        if (filter.MatchesNothing)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = SqlFilter.Where(filter, command);
        command.CommandText = $"""
            SELECT {ChunkColumns} FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.document_id = $document AND {where} ORDER BY c.ordinal
            """;
        command.Parameters.AddWithValue("$document", documentId);
        return await ReadChunksAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, StoredChunk>> GetChunksByIdAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default)
    {
        if (chunkIds.Count == 0)
        {
            return new Dictionary<string, StoredChunk>();
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = chunkIds.Select((id, i) =>
        {
            command.Parameters.AddWithValue("$id" + i, id);
            return "$id" + i;
        }).ToList();
        command.CommandText = $"SELECT {ChunkColumns} FROM chunks c WHERE c.id IN ({string.Join(", ", names)})";
        return (await ReadChunksAsync(command, cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public async Task<int> CountDocumentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM documents";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> tokens, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ChunkFilter.Anonymous;
        var distinct = tokens.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        if (filter.MatchesNothing)
        {
            return new TermStatistics(0, distinct.ToDictionary(t => t, _ => 0, StringComparer.Ordinal));
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = SqlFilter.Where(filter, command);
        // One round trip: the visible chunk count, then one count per token. Each token is an FTS5 string, so the index
        // stems it exactly as it stemmed the text, and the filter (access included) limits every count.
        var columns = new List<string> { $"(SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE {where})" };
        for (var i = 0; i < distinct.Count; i++)
        {
            command.Parameters.AddWithValue("$term" + i, "\"" + distinct[i].Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
            columns.Add($"(SELECT count(*) FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH $term{i} AND {where})");
        }

        command.CommandText = "SELECT " + string.Join(", ", columns);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
        {
            frequencies[distinct[i]] = reader.GetInt32(i + 1);
        }

        return new TermStatistics(reader.GetInt32(0), frequencies);
    }

    /// <summary>
    /// Embeds up to <paramref name="batchSize"/> chunks that have no vector (written by an earlier version, or by
    /// another embedder); returns how many it embedded, 0 when none is left.
    /// </summary>
    public async Task<int> BackfillEmbeddingsAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        var pending = new List<(long RowId, string Id, string Text, string DocumentId)>();
        await using var connection = await OpenAsync(cancellationToken);
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT rowid, id, text, document_id FROM chunks WHERE embedding IS NULL ORDER BY rowid LIMIT $limit";
            select.Parameters.AddWithValue("$limit", batchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        var vectors = await EmbedAsync(pending.Select(p => p.Text).ToList(), cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var update = Command(connection, transaction,
            "UPDATE chunks SET embedding = $vector WHERE rowid = $rowid AND id = $id AND embedding IS NULL");
        var vector = update.Parameters.Add("$vector", SqliteType.Blob);
        var rowId = update.Parameters.Add("$rowid", SqliteType.Integer);
        var id = update.Parameters.Add("$id", SqliteType.Text);
        for (var i = 0; i < pending.Count; i++)
        {
            vector.Value = ToBlob(vectors[i].Span);
            rowId.Value = pending[i].RowId;
            id.Value = pending[i].Id;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        // Every in-memory index (this replica's and the others') reloads the documents that gained vectors.
        foreach (var documentId in pending.Select(p => p.DocumentId).Distinct(StringComparer.Ordinal))
        {
            await RecordChangeAsync(connection, transaction, documentId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return pending.Count;
    }

    internal async Task<List<ReadOnlyMemory<float>>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new List<ReadOnlyMemory<float>>(texts.Count);
        foreach (var batch in texts.Chunk(EmbeddingBatchSize))
        {
            var embeddings = await _embedder.GenerateAsync(batch, cancellationToken: cancellationToken);
            if (embeddings.Count != batch.Length)
            {
                throw new InvalidOperationException($"The embedder returned {embeddings.Count} vectors for {batch.Length} texts.");
            }

            vectors.AddRange(embeddings.Select(e => e.Vector));
        }

        return vectors;
    }

    internal static byte[] ToBlob(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    internal static float[] FromBlob(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();

    internal const string ChunkColumns = "c.id, c.document_id, c.document_name, c.ordinal, c.page, c.row, c.text";
    internal const int ChunkColumnCount = 7;

    internal static StoredChunk ReadChunk(DbDataReader reader) => new(
        Id: reader.GetString(0),
        DocumentId: reader.GetString(1),
        DocumentName: reader.GetString(2),
        Ordinal: reader.GetInt32(3),
        Page: reader.IsDBNull(4) ? null : reader.GetInt32(4),
        Row: reader.IsDBNull(5) ? null : reader.GetInt32(5),
        Text: reader.GetString(6));

    internal static async Task WriteDocumentAsync(SqliteConnection connection, SqliteTransaction transaction, StoredDocument document, int chunkCount, CancellationToken cancellationToken)
    {
        await using (var insert = Command(connection, transaction, """
            INSERT INTO documents (id, name, content_type, created_at, ingested_at, chunk_count, uploaded_at_ms, tags, allowed_groups)
            VALUES ($id, $name, $type, $created, $ingested, $count, $uploaded, $tags, $groups)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, content_type = excluded.content_type,
                created_at = excluded.created_at, ingested_at = excluded.ingested_at, chunk_count = excluded.chunk_count,
                uploaded_at_ms = excluded.uploaded_at_ms, tags = excluded.tags, allowed_groups = excluded.allowed_groups
            """))
        {
            insert.Parameters.AddWithValue("$id", document.Id);
            insert.Parameters.AddWithValue("$name", document.Name);
            insert.Parameters.AddWithValue("$type", document.ContentType);
            insert.Parameters.AddWithValue("$created", document.CreatedAt.ToString("O"));
            insert.Parameters.AddWithValue("$ingested", DateTimeOffset.UtcNow.ToString("O"));
            insert.Parameters.AddWithValue("$count", chunkCount);
            insert.Parameters.AddWithValue("$uploaded", document.CreatedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(document.Tags));
            insert.Parameters.AddWithValue("$groups", JsonSerializer.Serialize(document.AllowedGroups));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var clear = Command(connection, transaction, """
            DELETE FROM document_tags WHERE document_id = $id;
            DELETE FROM document_groups WHERE document_id = $id;
            """))
        {
            clear.Parameters.AddWithValue("$id", document.Id);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertPairsAsync(connection, transaction, "INSERT OR IGNORE INTO document_tags (document_id, tag) VALUES ($id, $value)",
            document.Id, document.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()), cancellationToken);
        await InsertPairsAsync(connection, transaction, "INSERT OR IGNORE INTO document_groups (document_id, group_name) VALUES ($id, $value)",
            document.Id, document.AllowedGroups.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()), cancellationToken);
    }

    internal static async Task<bool> DeleteRowsAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE document_id = $document);
            DELETE FROM chunks WHERE document_id = $document;
            DELETE FROM document_tags WHERE document_id = $document;
            DELETE FROM document_groups WHERE document_id = $document;
            DELETE FROM documents WHERE id = $document;
            """);
        command.Parameters.AddWithValue("$document", documentId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task InsertPairsAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, string documentId, IEnumerable<string> values, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$id", documentId);
        var value = command.Parameters.Add("$value", SqliteType.Text);
        foreach (var v in values)
        {
            value.Value = v;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<List<StoredChunk>> ReadChunksAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var chunks = new List<StoredChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(ReadChunk(reader));
        }

        return chunks;
    }

    private static async Task<List<(long RowId, StoredChunk Chunk)>> ReadByRowIdAsync(SqliteConnection connection, IEnumerable<long> rowIds, CancellationToken cancellationToken)
    {
        var ids = rowIds.ToList();
        var result = new List<(long, StoredChunk)>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        await using var command = connection.CreateCommand();
        // Row ids are integers from our own query, so inlining them is safe and avoids hundreds of parameters.
        command.CommandText = $"SELECT {ChunkColumns}, c.rowid FROM chunks c WHERE c.rowid IN ({string.Join(",", ids)})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetInt64(ChunkColumnCount), ReadChunk(reader)));
        }

        return result;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await SqliteSchema.CreateOrMigrateAsync(connection, EmbeddingModelName(_embedder), CancellationToken.None);
    }

    /// <summary>What identifies comparable vectors: provider, model and size.</summary>
    internal static string EmbeddingModelName(IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        return $"{metadata?.ProviderName ?? embedder.GetType().Name}/{metadata?.DefaultModelId ?? "default"}/{metadata?.DefaultModelDimensions?.ToString() ?? "?"}";
    }

    /// <summary>The heap's order: the worst (lowest score; on a tie the later row) comes out first.</summary>
    private sealed class WorstFirst : IComparer<(float Score, long RowId)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Score, long RowId) x, (float Score, long RowId) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.RowId.CompareTo(x.RowId);
        }
    }
}
