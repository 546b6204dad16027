using Microsoft.Data.Sqlite;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Store;

/// <summary>
/// What only the SQLite store has: its file, WAL, vectors as BLOBs and one write transaction per document. The store
/// behaviour both stores share is <see cref="ChunkStoreBehaviourTests"/>.
/// </summary>
public sealed class SqliteChunkStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static StoredDocument Document(string id) => new(id, id + ".txt", "text/plain", DateTimeOffset.UtcNow);

    private static StoredChunk Chunk(string documentId, int ordinal, string text, int? page = null, int? row = null) =>
        new(StoredChunk.IdFor(documentId, ordinal), documentId, documentId + ".txt", ordinal, page, row, text);

    [Fact]
    public async Task Creates_the_database_file_and_its_folder_in_wal_mode()
    {
        var store = StoreFactory.Create(_directory, "nested/folder/chunks.db");

        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "Hello world")]);

        Assert.True(File.Exists(_directory.File("nested/folder/chunks.db")));
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_failed_write_leaves_nothing_behind()
    {
        var store = StoreFactory.Create(_directory);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "original walrus text")]);

        // The second chunk reuses the first one's id: the UNIQUE constraint fails mid-transaction.
        var duplicate = new[] { Chunk("d1", 0, "replacement penguin"), Chunk("d1", 0, "replacement penguin again") };
        await Assert.ThrowsAsync<SqliteException>(() => store.UpsertDocumentAsync(Document("d1"), duplicate));

        Assert.Equal(["original walrus text"], (await store.GetChunksAsync("d1")).Select(c => c.Text));
        Assert.Empty(await store.SearchAsync("penguin", 10));
        Assert.Single(await store.SearchAsync("walrus", 10));

        await Assert.ThrowsAsync<SqliteException>(() => store.UpsertDocumentAsync(Document("d2"), [Chunk("d2", 0, "x"), Chunk("d2", 0, "y")]));
        Assert.Empty(await store.GetChunksAsync("d2"));
        Assert.Equal(1, await store.CountDocumentsAsync());
    }

    [Fact]
    public async Task Each_chunk_is_stored_with_its_vector()
    {
        var store = StoreFactory.Create(_directory);
        for (var i = 0; i < 4; i++)
        {
            await store.UpsertDocumentAsync(Document("d" + i), [Chunk("d" + i, 0, $"Hotel costs paragraph {i}.")]);
        }

        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), min(length(embedding)), max(length(embedding)) FROM chunks";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((4L, 4096L, 4096L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }
}
