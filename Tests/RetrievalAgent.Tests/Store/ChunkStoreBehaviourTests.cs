using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Store;

/// <summary>
/// <see cref="IChunkStore"/> behaviour both stores must share (upsert, replace, delete, keyword search, filters), run once
/// per store: <see cref="ChunkStoreBehaviourTests_Sqlite"/> and <see cref="ChunkStoreBehaviourTests_Qdrant"/>. Exact
/// BM25 ranks are asserted on SQLite only (Qdrant scores its sparse vectors its own way).
/// </summary>
public abstract class ChunkStoreBehaviourTests(StoreKind kind) : IAsyncLifetime
{
    private readonly IStoreUnderTest _under = IStoreUnderTest.For(kind);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _under.DisposeAsync();

    private static StoredDocument Document(string id) => new(id, id + ".txt", "text/plain", DateTimeOffset.UtcNow);

    private static StoredChunk Chunk(string documentId, int ordinal, string text, int? page = null, int? row = null) =>
        new(StoredChunk.IdFor(documentId, ordinal), documentId, documentId + ".txt", ordinal, page, row, text);

    [Fact]
    public async Task Stores_and_returns_chunks_in_order_with_page_and_row()
    {
        var store = await _under.CreateAsync();

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
        var store = await _under.CreateAsync();
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "old zebra text"), Chunk("d1", 1, "more old zebra"), Chunk("d1", 2, "zebra")]);

        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "new giraffe text")]);

        Assert.Equal(["new giraffe text"], (await store.GetChunksAsync("d1")).Select(c => c.Text));
        Assert.Empty(await store.SearchAsync("zebra", 10));
        Assert.Single(await store.SearchAsync("giraffe", 10));
        Assert.Equal(1, await store.CountDocumentsAsync());
    }

    [Fact]
    public async Task Delete_removes_the_document_and_its_index_entries()
    {
        var store = await _under.CreateAsync();
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
        var store = await _under.CreateAsync();
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "Hotel costs are reimbursed up to a nightly limit.")]);
        await store.UpsertDocumentAsync(Document("d2"), [Chunk("d2", 0, "Hotel bookings go through the travel portal.")]);
        // Filler, so that BM25's IDF is not clamped to zero for every term in a two-document corpus.
        for (var i = 0; i < 8; i++)
        {
            await store.UpsertDocumentAsync(Document("f" + i), [Chunk("f" + i, 0, $"Unrelated filler paragraph number {i} about gardening.")]);
        }

        var results = await store.SearchAsync("Are hotel costs reimbursed?", 10);

        if (kind == StoreKind.Sqlite)
        {
            Assert.Equal(["d1:0", "d2:0"], results.Select(r => r.Chunk.Id));
            Assert.True(results[0].Score > results[1].Score);
        }
        else
        {
            // Qdrant's BM25 (sparse vectors) ranks by its own scores: the better match first, the filler never.
            Assert.Equal("d1:0", results[0].Chunk.Id);
            Assert.Contains(results, r => r.Chunk.Id == "d2:0");
            Assert.DoesNotContain(results, r => r.Chunk.DocumentId.StartsWith('f'));
        }

        Assert.All(results, r => Assert.True(r.Score > 0));
    }

    [Fact]
    public async Task Search_filters_by_document_ids()
    {
        var store = await _under.CreateAsync();
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
        var store = await _under.CreateAsync();
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
        var store = await _under.CreateAsync();
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "what is the badger")]);

        Assert.Empty(await store.SearchAsync(query, 10));
    }
}

public sealed class ChunkStoreBehaviourTests_Sqlite() : ChunkStoreBehaviourTests(StoreKind.Sqlite);

public sealed class ChunkStoreBehaviourTests_Qdrant() : ChunkStoreBehaviourTests(StoreKind.Qdrant);
