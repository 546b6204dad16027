using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.RetrievalAgent.Api;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

/// <summary>
/// New versions, failed versions and stale jobs through the real RetrievalAgent (WebApplicationFactory), the real
/// catalog (<see cref="DocumentCatalog.AddOrReplaceAsync"/>, as the Gateway calls it) and a real redis-server.
/// </summary>
public sealed class IngestionVersioningTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RetrievalApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new RetrievalApp(redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_new_version_replaces_the_chunks_and_keeps_the_id()
    {
        var name = $"policy-{Guid.NewGuid():N}.txt";
        var v1 = await UploadAndWaitAsync(name, "The office opens at 8 am on weekdays.");
        Assert.Equal(1, v1.Version);
        Assert.Contains("8 am", await ChunkTextAsync(v1.Id));

        var v2 = await UploadAndWaitAsync(name, "The office opens at 10 am on weekdays and on Saturdays.");

        Assert.Equal(v1.Id, v2.Id);
        Assert.Equal(2, v2.Version);
        Assert.Equal(DocumentStatus.Ready, v2.Status);
        var text = await ChunkTextAsync(v1.Id);
        Assert.Contains("10 am", text);
        Assert.DoesNotContain("8 am", text);
        Assert.Null(await _app.Catalog.ReadBlobAsync(v2.Id, 2));
    }

    [Fact]
    public async Task A_failed_new_version_leaves_the_previous_chunks_searchable()
    {
        var name = $"prices-{Guid.NewGuid():N}.csv";
        var v1 = await UploadAndWaitAsync(name, "Plan,Price\nStarter,9\nPro,29\n");

        var v2 = await UploadAndWaitAsync(name, "Plan,Price\n"); // a header without rows cannot be ingested

        Assert.Equal(DocumentStatus.Failed, v2.Status);
        Assert.Equal(2, v2.Version);
        Assert.Equal("The CSV file has a header but no data rows. Version 1 stays searchable.", v2.Error);
        Assert.Equal(v1.Chunks, v2.Chunks);
        Assert.Contains("Plan: Pro; Price: 29", await ChunkTextAsync(v1.Id));
    }

    [Fact]
    public async Task A_stale_job_of_a_replaced_version_is_skipped()
    {
        var name = $"memo-{Guid.NewGuid():N}.txt";
        var v1 = await CatalogueAsync(name, "First draft of the memo.");
        var v2 = await CatalogueAsync(name, "Final memo about the Lisbon offsite.");
        Assert.Equal(v1.Document.Id, v2.Document.Id);

        // Both jobs are queued; the first one names version 1's blob, which is no longer current.
        await PublishAsync(v1.Document);
        await PublishAsync(v2.Document);
        var ready = await _app.WaitForIngestionAsync(v2.Document.Id);

        Assert.Equal(2, ready.Version);
        var text = await ChunkTextAsync(ready.Id);
        Assert.Contains("Lisbon", text);
        Assert.DoesNotContain("draft", text);
        await Eventually.MatchAsync(() => _app.Catalog.ReadBlobAsync(ready.Id, 1), blob => blob is null, "the stale blob to be deleted");
    }

    [Fact]
    public async Task Identical_content_is_a_duplicate_and_writes_nothing()
    {
        var content = $"Unique memo {Guid.NewGuid():N}.";
        var first = await UploadAndWaitAsync($"a-{Guid.NewGuid():N}.txt", content);

        var otherName = $"b-{Guid.NewGuid():N}.txt";
        var again = await CatalogueAsync(otherName, content);

        Assert.Equal(UploadOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.Id, again.Document.Id);
        Assert.Equal(first.Name, again.Document.Name);
        Assert.Null(await _app.Catalog.FindByNameAsync(otherName));
        Assert.Null(await _app.Catalog.ReadBlobAsync(first.Id));
        Assert.Equal(first.Id, (await _app.Catalog.FindByContentHashAsync(first.ContentHash!))!.Id);
    }

    private async Task<DocumentInfo> UploadAndWaitAsync(string name, string text)
    {
        var upload = await CatalogueAsync(name, text);
        await PublishAsync(upload.Document);
        return await _app.WaitForIngestionAsync(upload.Document.Id);
    }

    private Task<CatalogUpload> CatalogueAsync(string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var now = DateTimeOffset.UtcNow;
        var contentType = name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "text/plain";
        return _app.Catalog.AddOrReplaceAsync(
            new DocumentInfo(Guid.NewGuid().ToString("N"), name, contentType, bytes.Length, DocumentStatus.Queued, 0, [], null, now, now)
            {
                ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            },
            bytes);
    }

    private Task PublishAsync(DocumentInfo document) =>
        _app.Publisher.PublishAsync(Streams.Ingest,
            new IngestRequested(document.Id, document.Name, document.ContentType, DocumentCatalog.BlobKey(document.Id, document.Version)));

    private async Task<string> ChunkTextAsync(string id)
    {
        var chunks = await _app.Client.GetFromJsonAsync<DocumentChunks>($"/documents/{id}/chunks", SwitchboardJson.Options);
        return string.Join('\n', chunks!.Chunks.Select(c => c.Text));
    }
}
