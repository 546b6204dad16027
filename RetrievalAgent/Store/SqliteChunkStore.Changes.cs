using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>A document as the store holds it, with its chunks and their vectors (empty where none is stored yet).</summary>
internal sealed record LoadedDocument(StoredDocument Document, IReadOnlyList<StoredChunk> Chunks, IReadOnlyList<ReadOnlyMemory<float>> Vectors);

/// <summary>Change-log rows after a sequence number (which documents to reload), and whether the log still reaches back that far.</summary>
internal sealed record CorpusChanges(long LastSequence, bool Complete, IReadOnlyList<(long Sequence, string DocumentId)> Changes);

/// <summary>
/// The change log that keeps every replica's in-memory index in step with the file: each write (a document written,
/// deleted or given vectors) appends a row to <c>corpus_changes</c> in its own transaction, so a reader that applies
/// the rows after the last sequence it saw, by reloading those documents, converges on the committed corpus.
/// </summary>
internal sealed partial class SqliteChunkStore
{
    /// <summary>Rows kept in the log; a replica further behind than this reloads everything.</summary>
    private const int ChangeLogLength = 10_000;

    internal static async Task<long> RecordChangeAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, "INSERT INTO corpus_changes (document_id) VALUES ($document) RETURNING seq");
        insert.Parameters.AddWithValue("$document", documentId);
        var sequence = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await using var prune = Command(connection, transaction, "DELETE FROM corpus_changes WHERE seq <= $oldest");
        prune.Parameters.AddWithValue("$oldest", sequence - ChangeLogLength);
        await prune.ExecuteNonQueryAsync(cancellationToken);
        return sequence;
    }

    /// <summary>The newest sequence number in the log (0 when nothing was ever written).</summary>
    internal async Task<long> GetLastChangeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT coalesce(max(seq), 0) FROM corpus_changes");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The documents changed after <paramref name="after"/>; <c>Complete</c> is false when the log was pruned past it.</summary>
    internal async Task<CorpusChanges> GetChangesAsync(long after, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT (SELECT coalesce(min(seq), 0) FROM corpus_changes), seq, document_id FROM corpus_changes WHERE seq > $after ORDER BY seq
            """);
        command.Parameters.AddWithValue("$after", after);
        var last = after;
        var complete = true;
        var changes = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            complete &= reader.GetInt64(0) <= after + 1;
            last = reader.GetInt64(1);
            changes.Add((last, reader.GetString(2)));
        }

        return new CorpusChanges(last, complete, changes);
    }

    /// <summary>One document with its chunks and vectors, or <see langword="null"/> when the store does not hold it.</summary>
    internal async Task<LoadedDocument?> LoadDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await foreach (var document in LoadAsync(connection, documentId, cancellationToken))
        {
            return document;
        }

        return null;
    }

    /// <summary>Every document, one at a time (memory holds one document's rows beyond what the caller keeps).</summary>
    internal async IAsyncEnumerable<LoadedDocument> LoadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await foreach (var document in LoadAsync(connection, null, cancellationToken))
        {
            yield return document;
        }
    }

    private static async IAsyncEnumerable<LoadedDocument> LoadAsync(SqliteConnection connection, string? documentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var documents = new List<StoredDocument>();
        await using (var command = Command(connection, null, """
            SELECT id, name, content_type, created_at, tags, allowed_groups FROM documents
            WHERE $id IS NULL OR id = $id ORDER BY id
            """))
        {
            command.Parameters.AddWithValue("$id", (object?)documentId ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(new StoredDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture))
                {
                    Tags = JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [],
                    AllowedGroups = JsonSerializer.Deserialize<string[]>(reader.GetString(5)) ?? [],
                });
            }
        }

        foreach (var document in documents)
        {
            var chunks = new List<StoredChunk>();
            var vectors = new List<ReadOnlyMemory<float>>();
            await using var command = Command(connection, null, $"SELECT {ChunkColumns}, c.embedding FROM chunks c WHERE c.document_id = $id ORDER BY c.ordinal");
            command.Parameters.AddWithValue("$id", document.Id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                chunks.Add(ReadChunk(reader));
                vectors.Add(reader.IsDBNull(ChunkColumnCount) ? ReadOnlyMemory<float>.Empty : FromBlob((byte[])reader.GetValue(ChunkColumnCount)));
            }

            yield return new LoadedDocument(document, chunks, vectors);
        }
    }
}
