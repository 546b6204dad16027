using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Indexed;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Store;

/// <summary>
/// The in-memory index against the SQLite file it is loaded from: the same keyword ranking as FTS5's bm25(), the same
/// vector neighbours as the exact scan, filters and access alike, and replicas sharing one file converging through
/// the change log.
/// </summary>
public sealed class CorpusIndexTests : IAsyncLifetime
{
    private static readonly string[] Questions =
    [
        "How many days of paid annual leave do employees receive?",
        "What is the daily meal allowance in 2024?",
        "Which product costs 49.99?",
        "What is the refund policy for the Premium tier?",
        "parental leave Japan",
        "employees",
        "security incident response time",
        "Alderbrook headquarters address",
        "Q3 revenue growth",
        "don't travel without approval",
    ];

    private readonly TempDirectory _directory = new();
    private SqliteChunkStore _file = null!;
    private IChunkStore _indexed = null!;
    private CorpusIndexSync _sync = null!;

    public async Task InitializeAsync()
    {
        _file = StoreFactory.Create(_directory, "shared.db");
        await SampleCorpus.IngestAllAsync(_file);
        (_indexed, _sync) = await ReplicaAsync("shared.db");
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keyword_ranking_is_the_one_fts5_gives()
    {
        foreach (var question in Questions)
        {
            var expected = await _file.SearchAsync(question, 20);
            var actual = await _indexed.SearchAsync(question, 20);
            Assert.Equal(expected.Select(c => c.Chunk.Id), actual.Select(c => c.Chunk.Id));
            foreach (var (e, a) in expected.Zip(actual))
            {
                Assert.Equal(e.Score, a.Score, 6);
            }
        }
    }

    [Fact]
    public async Task Vector_neighbours_are_the_exact_scan_s()
    {
        foreach (var question in Questions)
        {
            var vector = (await StoreFactory.Embedder.GenerateAsync([question]))[0].Vector;
            var expected = await _file.VectorSearchAsync(vector, 10);
            var actual = await _indexed.VectorSearchAsync(vector, 10);
            Assert.Equal(expected.Select(c => c.Chunk.Id), actual.Select(c => c.Chunk.Id));
            foreach (var (e, a) in expected.Zip(actual))
            {
                Assert.Equal(e.Score, a.Score, 4);
            }
        }
    }

    [Fact]
    public async Task Term_statistics_and_document_chunks_match_the_file()
    {
        string[] tokens = ["leave", "employees", "allowance", "nonexistentword", "2024"];
        var expected = await _file.GetTermStatisticsAsync(tokens);
        var actual = await _indexed.GetTermStatisticsAsync(tokens);
        Assert.Equal(expected.ChunkCount, actual.ChunkCount);
        Assert.Equal(expected.DocumentFrequency.OrderBy(p => p.Key), actual.DocumentFrequency.OrderBy(p => p.Key));

        var documentId = (await _file.SearchAsync("leave", 1))[0].Chunk.DocumentId;
        Assert.Equal((await _file.GetChunksAsync(documentId)).Select(c => c.Text), (await _indexed.GetChunksAsync(documentId)).Select(c => c.Text));
        Assert.Equal(await _file.CountDocumentsAsync(), await _indexed.CountDocumentsAsync());
    }

    [Fact]
    public async Task Filters_and_access_hide_the_same_chunks()
    {
        var restricted = new StoredDocument("secret", "secret.txt", "text/plain", DateTimeOffset.UtcNow) { AllowedGroups = ["finance"], Tags = ["Internal"] };
        await _indexed.UpsertDocumentAsync(restricted, [new StoredChunk("secret:0", "secret", "secret.txt", 0, null, null, "The paid annual leave for finance staff is 40 days.")]);

        ChunkFilter[] filters =
        [
            ChunkFilter.Anonymous,
            new() { CallerGroups = ["finance"] },
            new() { CallerGroups = ["Finance"] },
            new() { Tags = ["internal"], CallerGroups = ["finance"] },
            new() { SourceNames = ["SECRET.TXT"], CallerGroups = ["finance"] },
            new() { DocumentIds = ["secret"] },
            new() { UploadedFrom = DateTimeOffset.UtcNow.AddDays(1) },
        ];
        foreach (var filter in filters)
        {
            var expected = await _file.SearchAsync("paid annual leave", 20, filter);
            var actual = await _indexed.SearchAsync("paid annual leave", 20, filter);
            Assert.Equal(expected.Select(c => c.Chunk.Id), actual.Select(c => c.Chunk.Id));
        }

        Assert.DoesNotContain(await _indexed.SearchAsync("paid annual leave", 20), c => c.Chunk.DocumentId == "secret");
        Assert.Contains(await _indexed.SearchAsync("paid annual leave", 20, new ChunkFilter { CallerGroups = ["finance"] }), c => c.Chunk.DocumentId == "secret");
    }

    [Fact]
    public async Task A_replica_sharing_the_file_sees_writes_and_deletes_through_the_change_log()
    {
        var (replica, sync) = await ReplicaAsync("shared.db");
        var document = new StoredDocument("new-doc", "zebra.txt", "text/plain", DateTimeOffset.UtcNow);
        await _indexed.UpsertDocumentAsync(document, [new StoredChunk("new-doc:0", "new-doc", "zebra.txt", 0, null, null, "Zebras graze near the quarry on Tuesdays.")]);

        Assert.Empty(await replica.SearchAsync("zebras quarry", 5));
        await sync.CatchUpAsync(CancellationToken.None);
        Assert.Equal("new-doc:0", Assert.Single(await replica.SearchAsync("zebras quarry", 5)).Chunk.Id);

        await _indexed.UpsertDocumentAsync(document, [new StoredChunk("new-doc:0", "new-doc", "zebra.txt", 0, null, null, "Giraffes browse near the quarry.")]);
        await sync.CatchUpAsync(CancellationToken.None);
        Assert.Empty(await replica.SearchAsync("zebras", 5));
        Assert.Single(await replica.SearchAsync("giraffes", 5));

        Assert.True(await replica.DeleteDocumentAsync("new-doc"));
        Assert.Empty(await replica.SearchAsync("giraffes", 5));
        Assert.Single(await _indexed.SearchAsync("giraffes", 5));
        await _sync.CatchUpAsync(CancellationToken.None);
        Assert.Empty(await _indexed.SearchAsync("giraffes", 5));
    }

    [Fact]
    public async Task Replacing_and_removing_documents_many_times_keeps_ranking_exact()
    {
        for (var round = 0; round < 30; round++)
        {
            var id = $"churn-{round % 3}";
            var document = new StoredDocument(id, id + ".txt", "text/plain", DateTimeOffset.UtcNow);
            await _indexed.UpsertDocumentAsync(document, Enumerable.Range(0, 50)
                .Select(i => new StoredChunk(StoredChunk.IdFor(id, i), id, id + ".txt", i, null, null, $"Round {round} note {i}: the leave allowance changes."))
                .ToList());
            if (round % 4 == 0)
            {
                await _indexed.DeleteDocumentAsync(id);
            }
        }

        foreach (var question in Questions.Append("leave allowance note"))
        {
            var expected = await _file.SearchAsync(question, 20);
            var actual = await _indexed.SearchAsync(question, 20);
            Assert.Equal(expected.Select(c => c.Chunk.Id), actual.Select(c => c.Chunk.Id));
        }
    }

    private async Task<(IChunkStore Store, CorpusIndexSync Sync)> ReplicaAsync(string fileName)
    {
        var file = StoreFactory.Create(_directory, fileName);
        var index = new CorpusIndex();
        var sync = new CorpusIndexSync(file, index, Options.Create(new CorpusIndexOptions()), NullLogger<CorpusIndexSync>.Instance);
        await sync.InitialLoadAsync(CancellationToken.None);
        return (new IndexedChunkStore(file, index, sync), sync);
    }
}
