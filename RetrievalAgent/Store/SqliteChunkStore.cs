using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// The embedded store: one SQLite file in WAL mode holding <c>documents</c>, <c>chunks</c> and the FTS5 index
/// <c>chunks_fts</c> (porter + unicode61) whose rowid is the chunk's rowid. Every write runs in one transaction,
/// so a document's chunks are either all there or not at all.
/// </summary>
internal sealed class SqliteChunkStore : IChunkStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS documents (
            id           TEXT PRIMARY KEY,
            name         TEXT NOT NULL,
            content_type TEXT NOT NULL,
            created_at   TEXT NOT NULL,
            ingested_at  TEXT NOT NULL,
            chunk_count  INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS chunks (
            rowid         INTEGER PRIMARY KEY,
            id            TEXT NOT NULL UNIQUE,
            document_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            document_name TEXT NOT NULL,
            ordinal       INTEGER NOT NULL,
            page          INTEGER,
            row           INTEGER,
            text          TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document_id, ordinal);
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(text, tokenize = 'porter unicode61');
        """;

    private readonly string _connectionString;
    private readonly Lazy<Task> _schema;

    public SqliteChunkStore(IOptions<ChunkStoreOptions> options, IHostEnvironment environment)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath, environment.ContentRootPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DatabasePath = path;
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

    public async Task UpsertDocumentAsync(StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default)
    {
        if (chunks.Any(c => c.DocumentId != document.Id))
        {
            throw new ArgumentException("Every chunk must belong to the document being written.", nameof(chunks));
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await DeleteRowsAsync(connection, transaction, document.Id, cancellationToken);

        await using (var insertDocument = Command(connection, transaction, """
            INSERT INTO documents (id, name, content_type, created_at, ingested_at, chunk_count)
            VALUES ($id, $name, $type, $created, $ingested, $count)
            """))
        {
            insertDocument.Parameters.AddWithValue("$id", document.Id);
            insertDocument.Parameters.AddWithValue("$name", document.Name);
            insertDocument.Parameters.AddWithValue("$type", document.ContentType);
            insertDocument.Parameters.AddWithValue("$created", document.CreatedAt.ToString("O"));
            insertDocument.Parameters.AddWithValue("$ingested", DateTimeOffset.UtcNow.ToString("O"));
            insertDocument.Parameters.AddWithValue("$count", chunks.Count);
            await insertDocument.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insertChunk = Command(connection, transaction, """
            INSERT INTO chunks (id, document_id, document_name, ordinal, page, row, text)
            VALUES ($id, $document, $name, $ordinal, $page, $row, $text)
            RETURNING rowid
            """);
        var id = insertChunk.Parameters.Add("$id", SqliteType.Text);
        var documentId = insertChunk.Parameters.Add("$document", SqliteType.Text);
        var name = insertChunk.Parameters.Add("$name", SqliteType.Text);
        var ordinal = insertChunk.Parameters.Add("$ordinal", SqliteType.Integer);
        var page = insertChunk.Parameters.Add("$page", SqliteType.Integer);
        var row = insertChunk.Parameters.Add("$row", SqliteType.Integer);
        var text = insertChunk.Parameters.Add("$text", SqliteType.Text);

        await using var insertFts = Command(connection, transaction, "INSERT INTO chunks_fts (rowid, text) VALUES ($rowid, $text)");
        var ftsRowId = insertFts.Parameters.Add("$rowid", SqliteType.Integer);
        var ftsText = insertFts.Parameters.Add("$text", SqliteType.Text);

        foreach (var chunk in chunks)
        {
            id.Value = chunk.Id;
            documentId.Value = chunk.DocumentId;
            name.Value = chunk.DocumentName;
            ordinal.Value = chunk.Ordinal;
            page.Value = (object?)chunk.Page ?? DBNull.Value;
            row.Value = (object?)chunk.Row ?? DBNull.Value;
            text.Value = chunk.Text;
            ftsRowId.Value = (long)(await insertChunk.ExecuteScalarAsync(cancellationToken))!;
            ftsText.Value = chunk.Text;
            await insertFts.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await DeleteRowsAsync(connection, transaction, documentId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int limit, SearchFilters? filters = null, CancellationToken cancellationToken = default)
    {
        var match = FtsQuery.Build(query);
        var documentIds = filters?.DocumentIds?.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        if (match is null || limit <= 0 || documentIds is { Count: 0 } && filters?.DocumentIds is { Count: > 0 })
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var documentFilter = documentIds is { Count: > 0 }
            ? $"AND c.document_id IN ({string.Join(", ", documentIds.Select((_, i) => "$d" + i))})"
            : string.Empty;
        // bm25() is lower-is-better (negative); its negation is the score, higher-is-better.
        command.CommandText = $"""
            SELECT c.id, c.document_id, c.document_name, c.ordinal, c.page, c.row, c.text, -bm25(chunks_fts) AS score
            FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid
            WHERE chunks_fts MATCH $match {documentFilter}
            ORDER BY bm25(chunks_fts), c.document_id, c.ordinal
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit);
        for (var i = 0; i < (documentIds?.Count ?? 0); i++)
        {
            command.Parameters.AddWithValue("$d" + i, documentIds![i]);
        }

        var results = new List<ScoredChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new ScoredChunk(ReadChunk(reader), reader.GetDouble(7)));
        }

        return results;
    }

    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, document_id, document_name, ordinal, page, row, text
            FROM chunks WHERE document_id = $document ORDER BY ordinal
            """;
        command.Parameters.AddWithValue("$document", documentId);
        var chunks = new List<StoredChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(ReadChunk(reader));
        }

        return chunks;
    }

    public async Task<int> CountDocumentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM documents";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static async Task<bool> DeleteRowsAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE document_id = $document);
            DELETE FROM chunks WHERE document_id = $document;
            DELETE FROM documents WHERE id = $document;
            """);
        command.Parameters.AddWithValue("$document", documentId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static StoredChunk ReadChunk(DbDataReader reader) => new(
        Id: reader.GetString(0),
        DocumentId: reader.GetString(1),
        DocumentName: reader.GetString(2),
        Ordinal: reader.GetInt32(3),
        Page: reader.IsDBNull(4) ? null : reader.GetInt32(4),
        Row: reader.IsDBNull(5) ? null : reader.GetInt32(5),
        Text: reader.GetString(6));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync();
    }
}
