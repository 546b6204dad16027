using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.RetrievalAgent.Api;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Api;

/// <summary>
/// The whole path over real Redis Streams and real HTTP: upload → ingest → search → answer → delete, once per chunk
/// store (<see cref="IngestionAndAnswerTests_Sqlite"/>, <see cref="IngestionAndAnswerTests_Qdrant"/>).
/// </summary>
public abstract class IngestionAndAnswerTests(RedisServerFixture redis, StoreKind kind) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly IStoreUnderTest _store = IStoreUnderTest.For(kind);
    private RetrievalApp _app = null!;

    // Tests share the fixture's Redis (RedisServerFixture.FlushAsync needs admin mode, which its connection lacks):
    // each test uses fresh document ids and waits for every document it uploads, so no event outlives its test.
    public async Task InitializeAsync() => _app = new RetrievalApp(redis, await _store.AppSettingsAsync());

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    private HttpClient Client => _app.Client;

    [Fact]
    public async Task An_uploaded_pdf_is_ingested_and_answers_cite_its_page()
    {
        var id = await _app.UploadAsync("annual-report-2023.pdf", "application/pdf", Pdfs.Build(SampleCorpus.AnnualReportPages));
        var other = await _app.UploadAsync("expense-policy.txt", "text/plain", Encoding.UTF8.GetBytes(SampleCorpus.Expenses));

        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(other)).Status);
        var document = await _app.WaitForIngestionAsync(id);
        Assert.Equal(DocumentStatus.Ready, document.Status);
        Assert.Equal(2, document.Chunks); // one per page
        Assert.Null(document.Error);
        Assert.Null(await _app.Catalog.ReadBlobAsync(id)); // the upload is released once committed

        var search = await Client.PostAsJsonAsync("/search", new SearchRequest("dividend per share", TopK: 3));
        search.EnsureSuccessStatusCode();
        var hits = (await search.Content.ReadFromJsonAsync<SearchResponse>(SwitchboardJson.Options))!.Hits;
        var top = hits[0];
        Assert.Equal($"{id}:1", top.ChunkId);
        Assert.Equal(id, top.DocumentId);
        Assert.Equal(2, top.Page);
        Assert.Contains("dividend of 0.85 euros per share", top.Text);
        Assert.True(top.Score > 0);

        var response = await Client.PostAsJsonAsync("/answer", new AgentAnswerRequest("What dividend per share did the board approve?"));
        response.EnsureSuccessStatusCode();
        var answer = (await response.Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options))!;
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal("retrieval", answer.Agent);
        Assert.StartsWith("The board approved a dividend of 0.85 euros per share. [1]", answer.Answer);
        var citation = answer.Citations[0];
        Assert.Equal((id, 2, $"{id}:1"), (citation.DocumentId, citation.Page, citation.ChunkId));
        Assert.Contains(citation.Snippet, answer.Contexts[0].Text);

        var notFound = await Client.PostAsJsonAsync("/answer", new AgentAnswerRequest("Who won the 2018 World Cup?"));
        var refusal = (await notFound.Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options))!;
        Assert.Equal(AnswerStatus.NotFound, refusal.Status);
        Assert.Empty(refusal.Citations);
    }

    [Fact]
    public async Task A_csv_upload_answers_with_the_row()
    {
        var id = await _app.UploadAsync("price-list.csv", "text/csv", Encoding.UTF8.GetBytes(SampleCorpus.Prices + "\nLegacy,5\n"));

        var document = await _app.WaitForIngestionAsync(id);
        Assert.Equal(DocumentStatus.Ready, document.Status);
        Assert.Equal(["row 4: expected 4 fields, found 2"], document.Warnings);

        var answer = await (await Client.PostAsJsonAsync("/answer", new AgentAnswerRequest("What is the monthly price of the Enterprise plan?")))
            .Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options);
        Assert.Equal(AnswerStatus.Answered, answer!.Status);
        Assert.Equal(3, answer.Citations[0].Row);
        Assert.Contains("Plan: Enterprise; Monthly price (USD): 99", answer.Answer);
    }

    [Fact]
    public async Task A_corrupt_pdf_ends_failed_and_leaves_no_chunks()
    {
        var id = await _app.UploadAsync("broken.pdf", "application/pdf", Pdfs.Corrupt());

        var document = await _app.WaitForIngestionAsync(id);

        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.StartsWith("The PDF could not be read", document.Error);
        Assert.Equal(0, document.Chunks);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/documents/{id}/chunks")).StatusCode);
        var search = await Client.PostAsJsonAsync("/search", new SearchRequest("pdf", Filters: new SearchFilters([id])));
        Assert.Empty((await search.Content.ReadFromJsonAsync<SearchResponse>(SwitchboardJson.Options))!.Hits);
    }

    [Fact]
    public async Task A_missing_upload_ends_failed_as_expired()
    {
        var id = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await _app.Catalog.AddAsync(new DocumentInfo(id, "notes.txt", "text/plain", 5, DocumentStatus.Queued, 0, [], null, now, now), "hello"u8.ToArray());
        await _app.Catalog.DeleteBlobAsync(id);
        await _app.Publisher.PublishAsync(Streams.Ingest, new IngestRequested(id, "notes.txt", "text/plain", DocumentCatalog.BlobKey(id)));

        var document = await _app.WaitForIngestionAsync(id);

        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.Contains("upload expired", document.Error);
    }

    [Fact]
    public async Task Re_delivered_ingestion_replaces_the_chunks()
    {
        var id = await _app.UploadAsync("security-policy.md", "text/markdown", Encoding.UTF8.GetBytes(SampleCorpus.Security));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(id)).Status);

        // The same document again, with new content and a new event (as a retry after a lost acknowledgement would be).
        var record = (await _app.Catalog.GetAsync(id))! with { Status = DocumentStatus.Queued };
        await _app.Catalog.AddAsync(record, Encoding.UTF8.GetBytes("Badges must be worn visibly at all times."));
        await _app.Publisher.PublishAsync(Streams.Ingest, new IngestRequested(id, "security-policy.md", "text/markdown", DocumentCatalog.BlobKey(id)));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(id)).Status);

        var chunks = (await Client.GetFromJsonAsync<DocumentChunks>($"/documents/{id}/chunks", SwitchboardJson.Options))!;
        var chunk = Assert.Single(chunks.Chunks);
        Assert.Equal("Badges must be worn visibly at all times.", chunk.Text);
        Assert.Equal($"{id}:0", chunk.ChunkId);
    }

    [Fact]
    public async Task Delete_removes_chunks_and_the_catalog_record()
    {
        var id = await _app.UploadAsync("expense-policy.txt", "text/plain", Encoding.UTF8.GetBytes(SampleCorpus.Expenses));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/documents/{id}/chunks")).StatusCode);

        var deleted = await Client.DeleteAsync($"/documents/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await _app.Catalog.GetAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/documents/{id}/chunks")).StatusCode);
        var answer = await (await Client.PostAsJsonAsync("/answer", new AgentAnswerRequest("How much are meals reimbursed per day?")))
            .Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options);
        Assert.Equal(AnswerStatus.NotFound, answer!.Status);

        var again = await Client.DeleteAsync($"/documents/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_re_delivered_event_after_success_keeps_the_document_ready()
    {
        var id = await _app.UploadAsync("leave.txt", "text/plain", Encoding.UTF8.GetBytes("Employees receive 27 days of paid annual leave."));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(id)).Status);

        // Committed but not acknowledged, then delivered again: the blob is gone, the work is done.
        await _app.Publisher.PublishAsync(Streams.Ingest, new IngestRequested(id, "leave.txt", "text/plain", DocumentCatalog.BlobKey(id)));
        var marker = await _app.UploadAsync("marker.txt", "text/plain", Encoding.UTF8.GetBytes("Processed after the re-delivery."));
        await _app.WaitForIngestionAsync(marker); // events are handled in order, so the re-delivery has been too

        var document = (await _app.Catalog.GetAsync(id))!;
        Assert.Equal(DocumentStatus.Ready, document.Status);
        Assert.Equal(1, document.Chunks);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/documents/{id}/chunks")).StatusCode);
    }

    [Fact]
    public async Task Health_checks_redis_and_the_store_and_metrics_count_ingestion()
    {
        var registrations = _app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Contains(registrations, r => r.Name == "chunk-store" && r.Tags.Contains("ready"));
        Assert.Contains(registrations, r => r.Name == "redis");
        var health = await Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(kind == StoreKind.Sqlite, File.Exists(_app.DatabasePath)); // Qdrant instead of the file, not as well

        var id = await _app.UploadAsync("sla.txt", "text/plain", Encoding.UTF8.GetBytes("The monthly uptime commitment is 99.9 percent."));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(id)).Status);
        await Client.PostAsJsonAsync("/search", new SearchRequest("uptime"));

        var metrics = await Client.GetStringAsync("/metrics");
        Assert.Contains("switchboard_retrieval_chunks_ingested_total", metrics);
        Assert.Contains("switchboard_retrieval_ingestion_duration_seconds_bucket", metrics);
        Assert.Contains("switchboard_retrieval_search_duration_seconds_bucket", metrics);
    }
}

public sealed class IngestionAndAnswerTests_Sqlite(RedisServerFixture redis) : IngestionAndAnswerTests(redis, StoreKind.Sqlite);

public sealed class IngestionAndAnswerTests_Qdrant(RedisServerFixture redis) : IngestionAndAnswerTests(redis, StoreKind.Qdrant);
