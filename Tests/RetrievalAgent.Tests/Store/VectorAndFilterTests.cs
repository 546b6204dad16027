using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Embeddings;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Store;

/// <summary>
/// Vector search, and filters/access applied by the store to both candidate lists; once per store
/// (<see cref="VectorAndFilterTests_Sqlite"/>, <see cref="VectorAndFilterTests_Qdrant"/>).
/// </summary>
public abstract class VectorAndFilterTests(StoreKind kind) : IAsyncLifetime
{
    private static readonly DateTimeOffset January = new(2024, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March = new(2024, 3, 10, 9, 0, 0, TimeSpan.FromHours(2));

    private readonly IStoreUnderTest _under = IStoreUnderTest.For(kind);

    protected StoreKind Kind => kind;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _under.DisposeAsync();

    private static StoredChunk Chunk(string documentId, int ordinal, string text) =>
        new(StoredChunk.IdFor(documentId, ordinal), documentId, documentId + ".txt", ordinal, null, null, text);

    private static StoredDocument Document(string id, DateTimeOffset? uploaded = null, string[]? tags = null, string[]? groups = null) =>
        new(id, id + ".txt", "text/plain", uploaded ?? January) { Tags = tags ?? [], AllowedGroups = groups ?? [] };

    private async Task<IChunkStore> FourDocumentsAsync()
    {
        var store = await _under.CreateAsync();
        await store.UpsertDocumentAsync(Document("hr", January, ["policy", "HR"]), [Chunk("hr", 0, "Hotel costs are reimbursed up to 180 EUR per night.")]);
        await store.UpsertDocumentAsync(Document("sales", March, ["pricing"]), [Chunk("sales", 0, "Hotel partners get a reimbursed discount on pricing.")]);
        await store.UpsertDocumentAsync(Document("board", March, ["policy"], ["finance"]), [Chunk("board", 0, "The hotel budget for the board retreat is 90000 EUR.")]);
        await store.UpsertDocumentAsync(Document("eng", January, [], ["engineering", "finance"]), [Chunk("eng", 0, "Hotel bookings for on-call engineers are reimbursed in full.")]);
        return store;
    }

    private static async Task<(string[] Keyword, string[] Vector)> BothAsync(IChunkStore store, ChunkFilter filter)
    {
        var keyword = await store.SearchAsync("hotel reimbursed", 10, filter);
        var vector = await store.VectorSearchAsync(StoreFactory.Embedder.Embed("hotel reimbursed"), 10, filter);
        return (keyword.Select(k => k.Chunk.DocumentId).Order().ToArray(), vector.Select(v => v.Chunk.DocumentId).Order().ToArray());
    }

    [Fact]
    public async Task Vector_search_ranks_by_cosine_similarity()
    {
        var store = await _under.CreateAsync();
        await store.UpsertDocumentAsync(Document("a"), [Chunk("a", 0, "Passwords must be at least 14 characters long."), Chunk("a", 1, "Meals are reimbursed up to 60 EUR per day.")]);
        await store.UpsertDocumentAsync(Document("b"), [Chunk("b", 0, "Laptops use full-disk encryption.")]);

        var results = await store.VectorSearchAsync(StoreFactory.Embedder.Embed("reimbursement of meal costs"), 2);

        Assert.Equal(2, results.Count);
        Assert.Equal("a:1", results[0].Chunk.Id);
        Assert.True(results[0].Score > results[1].Score);
    }

    [Fact]
    public async Task Anonymous_callers_see_only_unrestricted_documents()
    {
        var store = await FourDocumentsAsync();

        var (keyword, vector) = await BothAsync(store, ChunkFilter.Anonymous);

        Assert.Equal(["hr", "sales"], keyword);
        Assert.Equal(["hr", "sales"], vector);
        Assert.Empty(await store.GetChunksAsync("board"));
    }

    [Fact]
    public async Task A_caller_sees_restricted_documents_of_its_groups_only()
    {
        var store = await FourDocumentsAsync();

        var engineering = await BothAsync(store, ChunkFilter.From(null, ["engineering"]));
        var finance = await BothAsync(store, ChunkFilter.From(null, ["finance"]));
        var caseDiffers = await BothAsync(store, ChunkFilter.From(null, ["Finance"]));

        Assert.Equal(["eng", "hr", "sales"], engineering.Keyword);
        Assert.Equal(["eng", "hr", "sales"], engineering.Vector);
        Assert.Equal(["board", "eng", "hr", "sales"], finance.Keyword);
        Assert.Equal(["board", "eng", "hr", "sales"], finance.Vector);
        Assert.Equal(["hr", "sales"], caseDiffers.Keyword); // group names are identifiers: compared exactly
        Assert.Single(await store.GetChunksAsync("board", ChunkFilter.From(null, ["finance"])));
    }

    public static TheoryData<SearchFilters, string[]> Filters => new()
    {
        { new SearchFilters(DocumentIds: ["hr", "board", "missing"]), ["board", "hr"] },
        { new SearchFilters(SourceNames: ["SALES.txt", "eng.txt"]), ["eng", "sales"] },
        { new SearchFilters(Tags: ["Policy"]), ["board", "hr"] },
        { new SearchFilters(Tags: ["pricing", "hr"]), ["hr", "sales"] },
        { new SearchFilters(UploadedFrom: new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)), ["board", "sales"] },
        { new SearchFilters(UploadedTo: new DateTimeOffset(2024, 1, 15, 9, 0, 0, TimeSpan.Zero)), ["eng", "hr"] },
        { new SearchFilters(UploadedFrom: new DateTimeOffset(2024, 3, 10, 7, 0, 0, TimeSpan.Zero), UploadedTo: new DateTimeOffset(2024, 3, 10, 7, 0, 0, TimeSpan.Zero)), ["board", "sales"] },
        { new SearchFilters(DocumentIds: ["hr", "sales"], Tags: ["pricing"]), ["sales"] },
        { new SearchFilters(DocumentIds: ["  "]), [] },
        { new SearchFilters(DocumentIds: []), ["board", "eng", "hr", "sales"] },
    };

    [Theory]
    [MemberData(nameof(Filters), MemberType = typeof(VectorAndFilterTests))]
    public async Task Filters_apply_to_keyword_and_vector_candidates(SearchFilters filters, string[] expected)
    {
        var store = await FourDocumentsAsync();

        // Caller in both groups, so that only the filters narrow the result.
        var (keyword, vector) = await BothAsync(store, ChunkFilter.From(filters, ["finance", "engineering"]));

        Assert.Equal(expected, keyword);
        Assert.Equal(expected, vector);
    }

    [Fact]
    public async Task A_failing_embedder_leaves_the_previous_version_of_the_document()
    {
        var embedder = new FailingEmbedder();
        var store = await _under.CreateAsync(embedder);
        await store.UpsertDocumentAsync(Document("d1"), [Chunk("d1", 0, "original walrus text")]);

        // SQLite: 70 chunks need two embedding batches of 64; the second one fails before the transaction starts.
        // Qdrant embeds a document's chunks in one call before its first upsert: that call fails.
        embedder.AllowedCalls = embedder.Calls + (Kind == StoreKind.Sqlite ? 1 : 0);
        var chunks = Enumerable.Range(0, 70).Select(i => Chunk("d1", i, $"replacement penguin {i}")).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertDocumentAsync(Document("d1"), chunks));

        Assert.Equal(["original walrus text"], (await store.GetChunksAsync("d1")).Select(c => c.Text));
        Assert.Empty(await store.SearchAsync("penguin", 10));
    }

    /// <summary>The hashing embedder that throws once it has served <see cref="AllowedCalls"/> calls: a provider outage mid-document.</summary>
    private sealed class FailingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly HashingEmbeddingGenerator _inner = new();

        public int Calls { get; private set; }

        public int AllowedCalls { get; set; } = int.MaxValue;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            ++Calls > AllowedCalls
                ? throw new InvalidOperationException("The embedding provider is unavailable.")
                : _inner.GenerateAsync(values, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);

        public void Dispose() => _inner.Dispose();
    }
}

public sealed class VectorAndFilterTests_Sqlite() : VectorAndFilterTests(StoreKind.Sqlite);

public sealed class VectorAndFilterTests_Qdrant() : VectorAndFilterTests(StoreKind.Qdrant);
