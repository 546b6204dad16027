using Microsoft.Data.Sqlite;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>The prepared statements that write one chunk, its vector and its FTS row inside a caller's transaction.</summary>
internal sealed class ChunkInsert : IAsyncDisposable
{
    private readonly SqliteCommand _chunk;
    private readonly SqliteCommand _fts;

    public ChunkInsert(SqliteConnection connection, SqliteTransaction transaction)
    {
        _chunk = SqliteChunkStore.Command(connection, transaction, """
            INSERT INTO chunks (id, document_id, document_name, ordinal, page, row, text, embedding)
            VALUES ($id, $document, $name, $ordinal, $page, $row, $text, $embedding)
            RETURNING rowid
            """);
        foreach (var (name, type) in new[] { ("$id", SqliteType.Text), ("$document", SqliteType.Text), ("$name", SqliteType.Text),
                     ("$ordinal", SqliteType.Integer), ("$page", SqliteType.Integer), ("$row", SqliteType.Integer),
                     ("$text", SqliteType.Text), ("$embedding", SqliteType.Blob) })
        {
            _chunk.Parameters.Add(name, type);
        }

        _fts = SqliteChunkStore.Command(connection, transaction, "INSERT INTO chunks_fts (rowid, text) VALUES ($rowid, $text)");
        _fts.Parameters.Add("$rowid", SqliteType.Integer);
        _fts.Parameters.Add("$text", SqliteType.Text);
    }

    public async Task ExecuteAsync(StoredChunk chunk, ReadOnlyMemory<float> vector, CancellationToken cancellationToken)
    {
        _chunk.Parameters["$id"].Value = chunk.Id;
        _chunk.Parameters["$document"].Value = chunk.DocumentId;
        _chunk.Parameters["$name"].Value = chunk.DocumentName;
        _chunk.Parameters["$ordinal"].Value = chunk.Ordinal;
        _chunk.Parameters["$page"].Value = (object?)chunk.Page ?? DBNull.Value;
        _chunk.Parameters["$row"].Value = (object?)chunk.Row ?? DBNull.Value;
        _chunk.Parameters["$text"].Value = chunk.Text;
        _chunk.Parameters["$embedding"].Value = vector.IsEmpty ? DBNull.Value : SqliteChunkStore.ToBlob(vector.Span);
        _fts.Parameters["$rowid"].Value = (long)(await _chunk.ExecuteScalarAsync(cancellationToken))!;
        _fts.Parameters["$text"].Value = chunk.Text;
        await _fts.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _chunk.DisposeAsync();
        await _fts.DisposeAsync();
    }
}
