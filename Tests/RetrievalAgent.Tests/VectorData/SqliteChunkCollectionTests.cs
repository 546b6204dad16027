using Microsoft.Extensions.VectorData;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.VectorData;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.VectorData;

/// <summary>The SQLite store through the Microsoft.Extensions.VectorData abstraction.</summary>
public sealed class SqliteChunkCollectionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ChunkRecord Record(string document, int ordinal, string text, string[]? tags = null, string[]? groups = null) => new()
    {
        Id = StoredChunk.IdFor(document, ordinal),
        DocumentId = document,
        DocumentName = document + ".md",
        Ordinal = ordinal,
        Text = text,
        Tags = [.. tags ?? []],
        AllowedGroups = [.. groups ?? []],
        UploadedAt = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private (SqliteChunkStore Store, VectorStoreCollection<string, ChunkRecord> Collection) Create()
    {
        var store = StoreFactory.Create(_directory);
        return (store, new SqliteChunkCollection(store));
    }

    [Fact]
    public async Task Upserted_records_are_embedded_readable_and_searchable_through_the_store_too()
    {
        var (store, collection) = Create();
        await collection.EnsureCollectionExistsAsync();
        Assert.True(await collection.CollectionExistsAsync());

        await collection.UpsertAsync([
            Record("faq", 0, "The free trial period is 21 days.", tags: ["faq"]),
            Record("faq", 1, "Dashboards can be exported as PDF, PNG or CSV files.", tags: ["faq"]),
            Record("sec", 0, "The minimum password length is 14 characters.", groups: ["security"]),
        ]);

        var read = await collection.GetAsync("faq:0", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(read);
        Assert.Equal(("The free trial period is 21 days.", 1024), (read.Text, read.Embedding.Length));
        Assert.Equal(["faq"], read.Tags);
        Assert.Equal(2, (await store.GetChunksAsync("faq")).Count);
        Assert.Empty(await store.GetChunksAsync("sec")); // restricted: the store's access rule holds for records too
        Assert.Equal(2, await store.CountDocumentsAsync());
    }

    [Fact]
    public async Task Vector_search_takes_text_and_applies_the_linq_filter()
    {
        var (_, collection) = Create();
        await collection.UpsertAsync([
            Record("a", 0, "Meals are reimbursed up to 60 EUR per day."),
            Record("b", 0, "Meal allowances are reimbursed for international travel.", tags: ["travel"]),
            Record("c", 0, "Passwords must be at least 14 characters long."),
        ]);

        var all = await collection.SearchAsync("meal reimbursement", 3).ToListAsync();
        var travel = await collection.SearchAsync("meal reimbursement", 3,
            new VectorSearchOptions<ChunkRecord> { Filter = r => r.Tags.Contains("travel") }).ToListAsync();

        Assert.Equal("c:0", all[^1].Record.Id);
        Assert.True(all[0].Score > all[^1].Score);
        Assert.Equal("b:0", Assert.Single(travel).Record.Id);
    }

    [Fact]
    public async Task Hybrid_search_fuses_keywords_and_vectors()
    {
        var (_, collection) = Create();
        await collection.UpsertAsync([
            Record("a", 0, "Security updates are installed within 7 days."),
            Record("b", 0, "Premium Support is available 24 hours a day."),
        ]);

        var hybrid = Assert.IsAssignableFrom<IKeywordHybridSearchable<ChunkRecord>>(collection);
        var results = await hybrid.HybridSearchAsync("when are updates installed", ["security", "updates"], 2).ToListAsync();

        Assert.Equal("a:0", results[0].Record.Id);
    }

    [Fact]
    public async Task Filtered_get_delete_and_collection_delete()
    {
        var (store, collection) = Create();
        await collection.UpsertAsync([Record("a", 0, "alpha text"), Record("a", 1, "beta text"), Record("b", 0, "gamma text")]);

        var fromA = await collection.GetAsync(r => r.DocumentId == "a", 10,
            new FilteredRecordRetrievalOptions<ChunkRecord> { OrderBy = o => o.Descending(r => r.Ordinal) }).ToListAsync();
        Assert.Equal(["a:1", "a:0"], fromA.Select(r => r.Id));

        await collection.DeleteAsync("a:1");
        Assert.Null(await collection.GetAsync("a:1"));
        Assert.Empty(await store.SearchAsync("beta", 5));

        await collection.EnsureCollectionDeletedAsync();
        Assert.Equal(0, await store.CountDocumentsAsync());
        Assert.Empty(await collection.GetAsync(_ => true, 10).ToListAsync());
    }
}
