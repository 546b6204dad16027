using System.Net;
using System.Net.Http.Json;
using System.Text;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.Tests.Support;
using static Switchboard.Gateway.Tests.DocumentsTestSupport;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The corpus version the answer cache keys on moves with every change of what can be searched, whichever service makes
/// it: the Gateway's upload, the real RetrievalAgent's ingestion (ready) and its delete.
/// </summary>
public sealed class CorpusVersionTests(DocumentsVersioningFixture fixture) : IClassFixture<DocumentsVersioningFixture>
{
    private readonly HttpClient _client = fixture.Gateway.CreateClient();
    private readonly DocumentCatalog _catalog = new(fixture.Redis.Connection);

    [Fact]
    public async Task Upload_ingestion_and_delete_each_move_the_corpus_version_on()
    {
        var start = await _catalog.GetCorpusVersionAsync();

        var upload = await _client.PostAsync("/v1/documents",
            Form(Encoding.UTF8.GetBytes($"Parking is free for visitors. Ref {Guid.NewGuid():N}."), $"parking-{Guid.NewGuid():N}.txt"));
        var document = await ReadDocumentAsync(upload, HttpStatusCode.Accepted);
        var afterUpload = await _catalog.GetCorpusVersionAsync();
        await Eventually.MatchAsync(
            () => _client.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{document.Id}"),
            d => d?.Status == DocumentStatus.Ready, "the document to be ingested");
        var afterIngestion = await _catalog.GetCorpusVersionAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v1/documents/{document.Id}")).StatusCode);
        var afterDelete = await _catalog.GetCorpusVersionAsync();

        Assert.True(afterUpload > start, $"upload: {start} → {afterUpload}");
        Assert.True(afterIngestion > afterUpload, $"ingestion: {afterUpload} → {afterIngestion}");
        Assert.True(afterDelete > afterIngestion, $"delete: {afterIngestion} → {afterDelete}");
    }
}
