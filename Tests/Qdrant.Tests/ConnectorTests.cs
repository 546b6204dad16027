using System.Net;
using System.Text.Json.Nodes;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Qdrant;

namespace Switchboard.Qdrant.Tests;

/// <summary>The connector end to end against the fake Qdrant: bootstrap, upsert, queries under filters and access, delete, scroll, errors and retries.</summary>
public sealed class ConnectorTests
{
    internal static readonly DateTimeOffset January = new(2024, 1, 15, 9, 0, 0, TimeSpan.Zero);
    internal static readonly DateTimeOffset March = new(2024, 3, 10, 9, 0, 0, TimeSpan.FromHours(2));

    internal static StoredChunk Chunk(string documentId, int ordinal, string text) =>
        new(StoredChunk.IdFor(documentId, ordinal), documentId, documentId + ".txt", ordinal, null, null, text);

    internal static StoredDocument Document(string id, DateTimeOffset? uploaded = null, string[]? tags = null, string[]? groups = null) =>
        new(id, id + ".txt", "text/plain", uploaded ?? January) { Tags = tags ?? [], AllowedGroups = groups ?? [] };

    /// <summary>The four documents of the SQLite store's filter tests.</summary>
    internal static async Task FourDocumentsAsync(IChunkStore store)
    {
        await store.UpsertDocumentAsync(Document("hr", January, ["policy", "HR"]), [Chunk("hr", 0, "Hotel costs are reimbursed up to 180 EUR per night.")]);
        await store.UpsertDocumentAsync(Document("sales", March, ["pricing"]), [Chunk("sales", 0, "Hotel partners get a reimbursed discount on pricing.")]);
        await store.UpsertDocumentAsync(Document("board", March, ["policy"], ["finance"]), [Chunk("board", 0, "The hotel budget for the board retreat is 90000 EUR.")]);
        await store.UpsertDocumentAsync(Document("eng", January, [], ["engineering", "finance"]), [Chunk("eng", 0, "Hotel bookings for on-call engineers are reimbursed in full.")]);
    }

    [Fact]
    public async Task Bootstrap_creates_named_dense_and_idf_sparse_vectors_and_payload_indexes_and_accepts_409()
    {
        await using var h = await QdrantHarness.StartAsync();

        await h.Index.EnsureReadyAsync(CancellationToken.None);
        // A second process starting against the same collection gets 409 on create, which is success.
        var second = new QdrantChunkIndex(h.Client, QdrantHarness.Embedder, Microsoft.Extensions.Options.Options.Create(h.Options), Microsoft.Extensions.Logging.Abstractions.NullLogger<QdrantChunkIndex>.Instance);
        await second.EnsureReadyAsync(CancellationToken.None);

        var collection = h.Server.Collection("chunks_test")!;
        Assert.Equal((1024, "Cosine", "idf"), (collection.Size, collection.Distance, collection.SparseModifier));
        Assert.Equal("keyword", (string?)collection.Indexes["document_id"]);
        Assert.Equal("keyword", (string?)collection.Indexes["source"]);
        Assert.Equal("keyword", (string?)collection.Indexes["tags"]);
        Assert.Equal("keyword", (string?)collection.Indexes["allowed_groups"]);
        Assert.Equal("datetime", (string?)collection.Indexes["uploaded_at"]);
        Assert.Contains(h.Log.Entries, e => e.Message.Contains("already exists", StringComparison.Ordinal));
        Assert.All(h.Server.Requests, r => Assert.Equal("test-key", r.ApiKey));
        Assert.DoesNotContain(h.Log.Entries, e => e.Message.Contains("test-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upsert_is_batched_with_wait_and_replaces_a_documents_chunks()
    {
        await using var h = await QdrantHarness.StartAsync();
        var chunks = Enumerable.Range(0, 7).Select(i => Chunk("a", i, $"Paragraph {i} about travel expenses.")).ToList();

        await h.Store.UpsertDocumentAsync(Document("a"), chunks);
        await h.Store.UpsertDocumentAsync(Document("a"), chunks.Take(2).ToList());

        var upserts = h.Server.Requests.Where(r => r.Method == "PUT" && r.Path.EndsWith("/points", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, upserts.Count); // 3 + 3 + 1, then 2
        Assert.All(upserts, u => Assert.Contains("wait=true", u.Query, StringComparison.Ordinal));
        Assert.Equal(["a:0", "a:1"], (await h.Store.GetChunksAsync("a")).Select(c => c.Id));
        Assert.Equal(2, h.Server.PointCount("chunks_test"));
    }

    [Fact]
    public async Task Keyword_vector_and_hybrid_queries_apply_filters_and_access_in_every_prefetch()
    {
        await using var h = await QdrantHarness.StartAsync();
        await FourDocumentsAsync(h.Store);

        async Task<string[]> Keyword(ChunkFilter f) => (await h.Store.SearchAsync("hotel reimbursed", 10, f)).Select(c => c.Chunk.DocumentId).Order().ToArray();
        async Task<string[]> Vector(ChunkFilter f) => (await h.Store.VectorSearchAsync(QdrantHarness.Embedder.Embed("hotel reimbursed"), 10, f)).Select(c => c.Chunk.DocumentId).Order().ToArray();

        Assert.Equal(["hr", "sales"], await Keyword(ChunkFilter.Anonymous));
        Assert.Equal(["hr", "sales"], await Vector(ChunkFilter.Anonymous));
        Assert.Equal(["eng", "hr", "sales"], await Vector(new ChunkFilter { CallerGroups = ["engineering"] }));
        Assert.Equal(["board", "eng", "hr", "sales"], await Vector(new ChunkFilter { CallerGroups = ["finance"] }));
        Assert.Equal(["hr"], await Vector(new ChunkFilter { Tags = ["hr"] }));
        Assert.Equal(["sales"], await Vector(new ChunkFilter { SourceNames = ["SALES.TXT"] }));
        Assert.Equal(["board", "sales"], await Vector(new ChunkFilter { UploadedFrom = March, CallerGroups = ["finance"] }));
        Assert.Equal(["eng", "hr"], await Vector(new ChunkFilter { UploadedTo = January, CallerGroups = ["finance"] }));
        Assert.Empty(await Vector(new ChunkFilter { DocumentIds = [] }));
        Assert.Empty(await h.Store.GetChunksAsync("board"));
        Assert.Single(await h.Store.GetChunksAsync("board", new ChunkFilter { CallerGroups = ["finance"] }));

        var hybrid = await h.Index.QueryAsync(
            h.Index.HybridQuery(QdrantHarness.Embedder.Embed("hotel reimbursed"), "hotel reimbursed", QdrantFilters.For(ChunkFilter.Anonymous), 10, 20),
            CancellationToken.None);
        Assert.Equal(["hr", "sales"], hybrid.Select(p => (string)p.Point["payload"]!["document_id"]!).Order());
        Assert.All(hybrid, p => Assert.True(p.Score <= 2.0 / 61));
        var sent = h.Server.Requests.Last(r => r.Path.EndsWith("/points/query", StringComparison.Ordinal)).Body!;
        Assert.All(sent["prefetch"]!.AsArray(), p => Assert.Equal(sent["filter"]!.ToJsonString(), p!["filter"]!.ToJsonString()));
        Assert.Equal(61, (int)sent["query"]!["rrf"]!["k"]!);
    }

    [Fact]
    public async Task Delete_by_filter_removes_a_document_and_reports_whether_it_existed()
    {
        await using var h = await QdrantHarness.StartAsync();
        await FourDocumentsAsync(h.Store);

        Assert.True(await h.Store.DeleteDocumentAsync("board"));
        Assert.False(await h.Store.DeleteDocumentAsync("board"));

        Assert.Equal(3, await h.Store.CountDocumentsAsync());
        var delete = h.Server.Requests.Last(r => r.Path.EndsWith("/points/delete", StringComparison.Ordinal));
        Assert.Equal("board", (string?)delete.Body!["filter"]!["must"]![0]!["match"]!["value"]);
    }

    [Fact]
    public async Task Scroll_pages_through_every_point()
    {
        await using var h = await QdrantHarness.StartAsync();
        var chunks = Enumerable.Range(0, 600).Select(i => Chunk("big", i, $"Line {i}.")).ToList();
        await h.Store.UpsertDocumentAsync(Document("big"), chunks);

        var read = await h.Store.GetChunksAsync("big");

        Assert.Equal(Enumerable.Range(0, 600), read.Select(c => c.Ordinal));
        Assert.Equal(3, h.Server.Requests.Count(r => r.Path.EndsWith("/points/scroll", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_500_is_retried_with_backoff_and_then_succeeds()
    {
        await using var h = await QdrantHarness.StartAsync();
        await h.Index.EnsureReadyAsync(CancellationToken.None);
        h.Server.FailNext(500, """{"time":0,"status":{"error":"Service internal error: shard busy"},"result":null}""", count: 2);

        await h.Store.UpsertDocumentAsync(Document("a"), [Chunk("a", 0, "Retried text.")]);

        Assert.Equal(1, h.Server.PointCount("chunks_test"));
        Assert.Equal(2, h.Log.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("shard busy", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetries_and_the_last_error_is_surfaced()
    {
        await using var h = await QdrantHarness.StartAsync(o => o.MaxRetries = 1);
        await h.Index.EnsureReadyAsync(CancellationToken.None);
        h.Server.FailNext(503, """{"time":0,"status":{"error":"Service unavailable: overloaded"},"result":null}""", count: 5);

        var error = await Assert.ThrowsAsync<QdrantException>(() => h.Store.SearchAsync("hotel", 5));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("Service unavailable: overloaded", error.QdrantError);
    }

    [Fact]
    public async Task A_400_is_not_retried_and_its_body_is_logged_and_surfaced()
    {
        await using var h = await QdrantHarness.StartAsync();
        await h.Index.EnsureReadyAsync(CancellationToken.None);
        var before = h.Server.Requests.Count;

        // A vector of the wrong size: the fake, like Qdrant, answers 400 with the reason.
        var error = await Assert.ThrowsAsync<QdrantException>(() => h.Store.VectorSearchAsync(new float[3], 5));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Vector dimension error: expected dim: 1024, got 3", error.QdrantError, StringComparison.Ordinal);
        Assert.Contains("expected dim: 1024", error.Message, StringComparison.Ordinal);
        Assert.Equal(before + 1, h.Server.Requests.Count);
        Assert.Contains(h.Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("Vector dimension error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_error_is_retried_then_reported_without_a_status()
    {
        var options = new QdrantOptions { Endpoint = new Uri("http://127.0.0.1:1/"), MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        var log = new CapturingLogger<QdrantRestClient>();
        var client = new QdrantRestClient(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), log);

        var error = await Assert.ThrowsAsync<QdrantException>(() => client.SendAsync(HttpMethod.Get, "collections/x/exists", null, CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.Equal(2, log.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Fact]
    public void Connection_string_is_the_one_Aspire_injects()
    {
        var options = new QdrantOptions();
        options.ApplyConnectionString("Endpoint=http://qdrant:6333;Key=s3cret");

        Assert.Equal((new Uri("http://qdrant:6333"), "s3cret"), (options.Endpoint, options.ApiKey));
        Assert.Empty(options.Validate());
        Assert.NotEmpty(new QdrantOptions().Validate());
    }

    [Fact]
    public void Point_ids_are_stable_uuids_and_murmur3_matches_reference_values()
    {
        Assert.Equal(QdrantPoints.PointId("doc:1"), QdrantPoints.PointId("doc:1"));
        Assert.NotEqual(QdrantPoints.PointId("doc:1"), QdrantPoints.PointId("doc:2"));
        Assert.True(Guid.TryParse(QdrantPoints.PointId("doc:1"), out _));
        // MurmurHash3 x86_32 reference vectors (seed 0): "" → 0, "hello" → 0x248bfa47, "The quick brown fox jumps over the lazy dog" → 0x2e4ff723.
        Assert.Equal(0u, Bm25Hashing.Murmur3([], 0));
        Assert.Equal(0x248bfa47u, Bm25Hashing.Murmur3("hello"u8, 0));
        Assert.Equal(0x2e4ff723u, Bm25Hashing.Murmur3("The quick brown fox jumps over the lazy dog"u8, 0));
        Assert.Equal(1.375f, BmTf(n: 2, length: 5, avg: 5), 3);
    }

    private static float BmTf(int n, int length, float avg) =>
        n * (Bm25Hashing.K1 + 1) / ((Bm25Hashing.K1 * (1 - Bm25Hashing.B + (Bm25Hashing.B * length / avg))) + n);
}
