using Microsoft.Data.Sqlite;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// Creates the schema and migrates a database written by an earlier version in place: missing tables and columns
/// are added, and documents of the first version (no upload time column, no tags, no groups) become unrestricted
/// documents whose upload time is their <c>created_at</c>. Chunks without a vector keep working for keyword search
/// and are embedded by <see cref="EmbeddingBackfillService"/> after start-up.
/// </summary>
internal static class SqliteSchema
{
    private const string Tables = """
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
        CREATE TABLE IF NOT EXISTS document_tags (
            document_id TEXT NOT NULL,
            tag         TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (document_id, tag)
        );
        CREATE INDEX IF NOT EXISTS document_tags_by_tag ON document_tags(tag);
        CREATE TABLE IF NOT EXISTS document_groups (
            document_id TEXT NOT NULL,
            group_name  TEXT NOT NULL,
            PRIMARY KEY (document_id, group_name)
        );
        CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS corpus_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL);
        """;

    /// <summary>Columns added after the first version: (table, column, definition).</summary>
    private static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("documents", "uploaded_at_ms", "INTEGER"),
        ("documents", "tags", "TEXT NOT NULL DEFAULT '[]'"),
        ("documents", "allowed_groups", "TEXT NOT NULL DEFAULT '[]'"),
        ("chunks", "embedding", "BLOB"),
    ];

    public const string EmbeddingModelKey = "embedding_model";

    public static async Task CreateOrMigrateAsync(SqliteConnection connection, string embeddingModel, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, Tables, cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (table, column, definition) in AddedColumns)
        {
            if (!await HasColumnAsync(connection, transaction, table, column, cancellationToken))
            {
                await ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition}", cancellationToken);
            }
        }

        // First-version rows: created_at is ISO 8601 with an offset, which julianday() understands.
        await ExecuteAsync(connection, transaction, """
            UPDATE documents SET uploaded_at_ms = CAST(round((julianday(created_at) - 2440587.5) * 86400000) AS INTEGER)
            WHERE uploaded_at_ms IS NULL
            """, cancellationToken);

        // Vectors from another embedder (or size) cannot be compared with today's query vectors: forget them,
        // and let the backfill embed those chunks again.
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT value FROM store_meta WHERE key = $key";
            read.Parameters.AddWithValue("$key", EmbeddingModelKey);
            var stored = (string?)await read.ExecuteScalarAsync(cancellationToken);
            if (stored != embeddingModel)
            {
                if (stored is not null)
                {
                    await ExecuteAsync(connection, transaction, "UPDATE chunks SET embedding = NULL", cancellationToken);
                }

                await using var write = connection.CreateCommand();
                write.Transaction = transaction;
                write.CommandText = "INSERT INTO store_meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
                write.Parameters.AddWithValue("$key", EmbeddingModelKey);
                write.Parameters.AddWithValue("$value", embeddingModel);
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
