using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.Qdrant.Tests;

/// <summary>
/// The same behaviour checks against the SQLite store and the Qdrant store through <see cref="IChunkStore"/>: filters,
/// access, chunk reads by id, term statistics and the full search pipeline (ranking may differ; visibility may not).
/// </summary>
public sealed class ParityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qdrant-parity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<ChunkFilter> Filters() =>
    [
        ChunkFilter.Anonymous,
        new() { CallerGroups = ["engineering"] },
        new() { CallerGroups = ["finance"] },
        new() { Tags = ["HR"] },
        new() { Tags = ["policy"], CallerGroups = ["finance"] },
        new() { SourceNames = ["Sales.txt"] },
        new() { UploadedFrom = ConnectorTests.March, CallerGroups = ["finance"] },
        new() { UploadedTo = ConnectorTests.January, CallerGroups = ["finance"] },
        new() { DocumentIds = ["board", "hr"] },
        new() { DocumentIds = [] },
    ];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Both_stores_return_the_same_visible_chunks(ChunkFilter filter)
    {
        await using var h = await QdrantHarness.StartAsync();
        var sqlite = new SqliteChunkStore(Options.Create(new ChunkStoreOptions { DatabasePath = "p.db" }), new HostingEnvironment { ContentRootPath = _directory }, QdrantHarness.Embedder);
        IChunkStore[] stores = [sqlite, h.Store];
        foreach (var store in stores)
        {
            await ConnectorTests.FourDocumentsAsync(store);
        }

        var results = new List<string>();
        foreach (var store in stores)
        {
            var keyword = (await store.SearchAsync("hotel reimbursed", 10, filter)).Select(c => c.Chunk.Id).Order();
            var vector = (await store.VectorSearchAsync(QdrantHarness.Embedder.Embed("hotel reimbursed"), 10, filter)).Select(c => c.Chunk.Id).Order();
            var board = (await store.GetChunksAsync("board", filter)).Select(c => c.Id);
            var stats = await store.GetTermStatisticsAsync(["hotel", "reimbursed", "engineers", "absent"], filter);
            var searched = await new ChunkSearcher(store, QdrantHarness.Embedder, new CrossFeatureReranker(), Options.Create(new SearchOptions()))
                .SearchAsync("hotel reimbursed", 5, filter, CancellationToken.None);
            results.Add(string.Join(" | ",
                string.Join(",", keyword), string.Join(",", vector), string.Join(",", board),
                stats.ChunkCount + ":" + string.Join(",", stats.DocumentFrequency.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)),
                string.Join(",", searched.Select(s => s.Chunk.Id).Order())));
        }

        Assert.Equal(results[0], results[1]);
    }

    [Fact]
    public async Task Citations_reread_the_same_chunks_and_unknown_ids_are_absent()
    {
        await using var h = await QdrantHarness.StartAsync();
        await ConnectorTests.FourDocumentsAsync(h.Store);

        var chunks = await h.Store.GetChunksByIdAsync(["hr:0", "board:0", "missing:3"]);

        Assert.Equal(["board:0", "hr:0"], chunks.Keys.Order());
        Assert.Equal("Hotel costs are reimbursed up to 180 EUR per night.", chunks["hr:0"].Text);
    }
}
