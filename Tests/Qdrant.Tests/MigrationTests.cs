using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Qdrant;
using Switchboard.RetrievalAgent.Store.VectorData;

namespace Switchboard.Qdrant.Tests;

/// <summary>SQLite → Qdrant → SQLite with every chunk and vector, resumable from a checkpoint, counts checked.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qdrant-migration-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SqliteChunkStore Sqlite(string file) =>
        new(Options.Create(new ChunkStoreOptions { DatabasePath = file }), new HostingEnvironment { ContentRootPath = _directory }, QdrantHarness.Embedder);

    [Fact]
    public async Task A_corpus_round_trips_with_identical_chunk_counts_and_vectors()
    {
        await using var h = await QdrantHarness.StartAsync();
        var source = Sqlite("source.db");
        for (var d = 0; d < 5; d++)
        {
            await source.UpsertDocumentAsync(
                ConnectorTests.Document("doc" + d, tags: ["t" + d], groups: d == 0 ? ["finance"] : null),
                Enumerable.Range(0, 7).Select(i => ConnectorTests.Chunk("doc" + d, i, $"Document {d} paragraph {i} on expenses.")).ToList());
        }

        var toQdrant = await new StoreMigrator(new SqliteChunkCollection(source), h.Collection, batchSize: 4).RunAsync(null, null, CancellationToken.None);
        var back = Sqlite("back.db");
        var toSqlite = await new StoreMigrator(h.Collection, new SqliteChunkCollection(back), batchSize: 4).RunAsync(null, null, CancellationToken.None);

        Assert.Equal(new MigrationResult(35, 35, 0, 35), toQdrant);
        Assert.Equal(new MigrationResult(35, 35, 0, 35), toSqlite);
        var original = await source.GetChunksAsync("doc0", new ChunkFilter { CallerGroups = ["finance"] });
        Assert.Equal(original, await back.GetChunksAsync("doc0", new ChunkFilter { CallerGroups = ["finance"] }));
        Assert.Empty(await back.GetChunksAsync("doc0")); // access travelled with the chunks
        var query = QdrantHarness.Embedder.Embed("Document 3 paragraph 2");
        Assert.Equal(
            (await source.VectorSearchAsync(query, 3)).Select(s => (s.Chunk.Id, Math.Round(s.Score, 5))),
            (await back.VectorSearchAsync(query, 3)).Select(s => (s.Chunk.Id, Math.Round(s.Score, 5))));
    }

    [Fact]
    public async Task A_rerun_resumes_from_the_checkpoint_and_copies_nothing_twice()
    {
        await using var h = await QdrantHarness.StartAsync();
        var source = Sqlite("source.db");
        await source.UpsertDocumentAsync(ConnectorTests.Document("a"), Enumerable.Range(0, 10).Select(i => ConnectorTests.Chunk("a", i, $"Text {i}.")).ToList());
        var checkpoint = Path.Combine(_directory, "checkpoint.txt");
        await File.WriteAllLinesAsync(checkpoint, ["a:0", "a:1", "a:2", "a:3"]); // a previous run copied one batch
        await h.Collection.UpsertAsync((await new SqliteChunkCollection(source).GetAsync(r => r.Ordinal < 4, 10, new() { IncludeVectors = true }).ToListAsync()));
        var reports = new List<MigrationProgress>();

        var result = await new StoreMigrator(new SqliteChunkCollection(source), h.Collection, batchSize: 4)
            .RunAsync(checkpoint, new SynchronousProgress(reports.Add), CancellationToken.None);

        Assert.Equal(new MigrationResult(10, 6, 4, 10), result);
        Assert.Equal(10, (await File.ReadAllLinesAsync(checkpoint)).Distinct().Count());
        Assert.Equal(new MigrationProgress(6, 4, 10), reports[^1]);
    }

    private sealed class SynchronousProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value) => report(value);
    }
}
