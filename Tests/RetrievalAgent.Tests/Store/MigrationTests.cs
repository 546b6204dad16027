using Microsoft.Data.Sqlite;
using Switchboard.AgentCore.AI.Embeddings;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Store;

/// <summary>A retrieval.db written by the first version (no vectors, tags, groups or upload time) keeps working.</summary>
public sealed class MigrationTests : IDisposable
{
    // The first version's schema, verbatim.
    private const string FirstVersionSchema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE documents (id TEXT PRIMARY KEY, name TEXT NOT NULL, content_type TEXT NOT NULL, created_at TEXT NOT NULL,
            ingested_at TEXT NOT NULL, chunk_count INTEGER NOT NULL);
        CREATE TABLE chunks (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            document_name TEXT NOT NULL, ordinal INTEGER NOT NULL, page INTEGER, row INTEGER, text TEXT NOT NULL);
        CREATE INDEX chunks_by_document ON chunks(document_id, ordinal);
        CREATE VIRTUAL TABLE chunks_fts USING fts5(text, tokenize = 'porter unicode61');
        INSERT INTO documents VALUES ('old', 'old-policy.txt', 'text/plain', '2024-02-01T10:30:00.0000000+01:00', '2024-02-01T10:31:00.0000000+00:00', 2);
        INSERT INTO chunks (rowid, id, document_id, document_name, ordinal, text) VALUES
            (1, 'old:0', 'old', 'old-policy.txt', 0, 'Meals are reimbursed up to 60 EUR per day.'),
            (2, 'old:1', 'old', 'old-policy.txt', 1, 'Passwords must be at least 14 characters long.');
        INSERT INTO chunks_fts (rowid, text) VALUES (1, 'Meals are reimbursed up to 60 EUR per day.'), (2, 'Passwords must be at least 14 characters long.');
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<string> FirstVersionDatabaseAsync()
    {
        var path = _directory.File("store/retrieval.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = FirstVersionSchema;
        await command.ExecuteNonQueryAsync();
        return path;
    }

    [Fact]
    public async Task A_first_version_database_is_migrated_and_backfilled()
    {
        await FirstVersionDatabaseAsync();
        var store = StoreFactory.Create(_directory);
        var query = StoreFactory.Embedder.Embed("meal reimbursement");

        // Keyword search works at once; vectors arrive with the backfill.
        Assert.Equal("old:0", (await store.SearchAsync("meals reimbursed", 5))[0].Chunk.Id);
        Assert.Empty(await store.VectorSearchAsync(query, 5));

        Assert.Equal(2, await store.BackfillEmbeddingsAsync(batchSize: 10));
        Assert.Equal(0, await store.BackfillEmbeddingsAsync(batchSize: 10));
        Assert.Equal("old:0", (await store.VectorSearchAsync(query, 5))[0].Chunk.Id);

        // The old document is unrestricted, and its created_at became its upload time (09:30 UTC).
        var exactly = new DateTimeOffset(2024, 2, 1, 9, 30, 0, TimeSpan.Zero);
        Assert.Equal(2, (await store.GetChunksAsync("old")).Count);
        Assert.Single(await store.SearchAsync("meals", 5, ChunkFilter.From(new SearchFilters(UploadedFrom: exactly, UploadedTo: exactly))));
        Assert.Empty(await store.SearchAsync("meals", 5, ChunkFilter.From(new SearchFilters(UploadedFrom: exactly.AddMilliseconds(1)))));
    }

    [Fact]
    public async Task Changing_the_embedder_drops_old_vectors_and_the_backfill_replaces_them()
    {
        var first = StoreFactory.Create(_directory);
        await first.UpsertDocumentAsync(new StoredDocument("d", "d.txt", "text/plain", DateTimeOffset.UtcNow),
            [new StoredChunk("d:0", "d", "d.txt", 0, null, null, "Laptops use full-disk encryption.")]);
        SqliteConnection.ClearAllPools();

        var smaller = new HashingEmbeddingGenerator(256);
        var second = StoreFactory.Create(_directory, embedder: smaller);
        var query = smaller.Embed("laptop encryption");

        Assert.Empty(await second.VectorSearchAsync(query, 5));
        Assert.Equal(1, await second.BackfillEmbeddingsAsync(10));
        Assert.Equal("d:0", Assert.Single(await second.VectorSearchAsync(query, 5)).Chunk.Id);
    }
}
