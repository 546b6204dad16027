using Microsoft.Data.Sqlite;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Store;

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
    public async Task Stores_and_returns_chunks_in_order_with_page_and_row()
    {
        var store = StoreFactory.Create(_directory);

        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "alpha", page: 1), Chunk("d1", 1, "beta", page: 2)]);
        await store.UpsertDocumentAsync(Document("d2"), [Chunk("d2", 0, "gamma", row: 7)]);

        var chunks = await store.GetChunksAsync("d1");
        Assert.Equal(["d1:0", "d1:1"], chunks.Select(c => c.Id));
        Assert.Equal([1, 2], chunks.Select(c => c.Page!.Value));
        Assert.Equal(7, Assert.Single(await store.GetChunksAsync("d2")).Row);
        Assert.Equal(2, await store.CountDocumentsAsync());
    }

    [Fact]
    public async Task Re_ingesting_a_document_replaces_its_chunks()
    {
        var store = StoreFactory.Create(_directory);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "old zebra text"), Chunk("d1", 1, "more old zebra"), Chunk("d1", 2, "zebra")]);

        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "new giraffe text")]);

        Assert.Equal(["new giraffe text"], (await store.GetChunksAsync("d1")).Select(c => c.Text));
        Assert.Empty(await store.SearchAsync("zebra", 10));
        Assert.Single(await store.SearchAsync("giraffe", 10));
        Assert.Equal(1, await store.CountDocumentsAsync());
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
    public async Task Delete_removes_the_document_and_its_index_entries()
    {
        var store = StoreFactory.Create(_directory);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "otter habitat"), Chunk("d1", 1, "otter diet")]);
        await store.UpsertDocumentAsync(Document("d2"), [Chunk("d2", 0, "otter population")]);

        Assert.True(await store.DeleteDocumentAsync("d1"));

        Assert.Empty(await store.GetChunksAsync("d1"));
        Assert.Equal(["d2:0"], (await store.SearchAsync("otter", 10)).Select(r => r.Chunk.Id));
        Assert.False(await store.DeleteDocumentAsync("d1"));
    }

    [Fact]
    public async Task Search_ranks_better_matches_first_with_positive_scores()
    {
        var store = StoreFactory.Create(_directory);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "Hotel costs are reimbursed up to a nightly limit.")]);
        await store.UpsertDocumentAsync(Document("d2"), [Chunk("d2", 0, "Hotel bookings go through the travel portal.")]);
        // Filler, so that BM25's IDF is not clamped to zero for every term in a two-document corpus.
        for (var i = 0; i < 8; i++)
        {
            await store.UpsertDocumentAsync(Document("f" + i), [Chunk("f" + i, 0, $"Unrelated filler paragraph number {i} about gardening.")]);
        }

        var results = await store.SearchAsync("Are hotel costs reimbursed?", 10);

        Assert.Equal(["d1:0", "d2:0"], results.Select(r => r.Chunk.Id));
        Assert.True(results[0].Score > results[1].Score);
        Assert.All(results, r => Assert.True(r.Score > 0));
    }

    [Fact]
    public async Task Search_filters_by_document_ids()
    {
        var store = StoreFactory.Create(_directory);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "badger facts")]);
        await store.UpsertDocumentAsync(Document("d2"), [Chunk("d2", 0, "badger myths")]);
        await store.UpsertDocumentAsync(Document("d3"), [Chunk("d3", 0, "badger sightings")]);

        var results = await store.SearchAsync("badger", 10, ChunkFilter.From(new SearchFilters(["d1", "d3", "missing"])));

        Assert.Equal(["d1", "d3"], results.Select(r => r.Chunk.DocumentId).Order());
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("NEAR(badger otter) AND OR NOT")]
    [InlineData("text:badger*")]
    [InlineData("badger's (best) {friend} [ever]? ^start -minus +plus")]
    [InlineData("' OR 1=1; DROP TABLE chunks; --")]
    public async Task Search_survives_any_punctuation(string query)
    {
        var store = StoreFactory.Create(_directory);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "The badger is a friend of the otter.")]);

        var results = await store.SearchAsync(query, 10);

        Assert.All(results, r => Assert.Equal("d1:0", r.Chunk.Id));
        Assert.Equal(1, await store.CountDocumentsAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!.,;")]
    [InlineData("what is the")]
    public async Task Search_without_content_terms_returns_nothing(string query)
    {
        var store = StoreFactory.Create(_directory);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "what is the badger")]);

        Assert.Empty(await store.SearchAsync(query, 10));
    }
}
