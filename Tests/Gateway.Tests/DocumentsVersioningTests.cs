using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.Gateway.Documents;
using Switchboard.Tests.Support;
using static Switchboard.Gateway.Tests.DocumentsTestSupport;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The Gateway (WebApplicationFactory) in front of a real RetrievalAgent process that ingests from the same real
/// redis-server, so duplicate detection and versions are checked end to end: catalog, stream, chunks, search.
/// </summary>
public sealed class DocumentsVersioningFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sb-gateway-versions-").FullName;
    private ServiceProcess? _retrievalProcess;

    public RedisServerFixture Redis { get; } = new();

    public WebApplicationFactory<Program> Gateway { get; private set; } = null!;

    public HttpClient Retrieval { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        _retrievalProcess = await ServiceProcess.StartAsync(
            "retrieval",
            RetrievalDll(),
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__redis"] = Redis.ConnectionString,
                ["Retrieval__DatabasePath"] = Path.Combine(_dataDirectory, "retrieval.db"),
                ["Messaging__Consumers__sb:ingest__PollInterval"] = "00:00:00.050",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            },
            TimeSpan.FromSeconds(90));
        Retrieval = _retrievalProcess.CreateServiceClient();
        Gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:redis", Redis.ConnectionString)
            .UseSetting("ServiceAuth:Key", ServiceProcess.ServiceKey)
            .UseSetting($"services:{AgentNames.Retrieval}:http:0", _retrievalProcess.BaseAddress.ToString()));
    }

    public async Task DisposeAsync()
    {
        Retrieval?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (_retrievalProcess is not null)
        {
            await _retrievalProcess.DisposeAsync();
        }

        await Redis.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The RetrievalAgent built next to this test project (same configuration). The solution build puts it there;
    /// a project reference with ReferenceOutputAssembly="false" in Gateway.Tests.csproj would make it build-ordered.
    /// </summary>
    private static string RetrievalDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Aspire.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? ".", "RetrievalAgent", "bin", configuration, framework, "RetrievalAgent.dll");
    }
}

public sealed class DocumentsVersioningTests(DocumentsVersioningFixture fixture) : IClassFixture<DocumentsVersioningFixture>
{
    private readonly HttpClient _client = fixture.Gateway.CreateClient();

    [Fact]
    public async Task Identical_reupload_is_200_with_the_same_id_and_adds_no_job_blob_or_chunk()
    {
        var bytes = Encoding.UTF8.GetBytes($"The cafeteria serves lunch from noon. Ref {Guid.NewGuid():N}.");
        var name = $"cafeteria-{Guid.NewGuid():N}.txt";
        var first = await ReadDocumentAsync(await _client.PostAsync("/v1/documents", Form(bytes, name)), HttpStatusCode.Accepted);
        var ready = await WaitForAsync(first.Id, d => d.Status == DocumentStatus.Ready);
        var chunksBefore = await ChunkTextsAsync(first.Id);
        var before = await SnapshotAsync(fixture.Redis.Connection);

        foreach (var uploadName in new[] { name, $"copy-of-{name}" })
        {
            var response = await _client.PostAsync("/v1/documents", Form(bytes, uploadName, ("tags", "ignored")));

            var duplicate = await ReadDocumentAsync(response, HttpStatusCode.OK);
            Assert.Equal(first.Id, Assert.Single(response.Headers.GetValues(DocumentsApi.DuplicateOfHeader)));
            Assert.Equal(Json(ready), Json(duplicate));
        }

        Assert.Equal(before, await SnapshotAsync(fixture.Redis.Connection)); // no record, blob or ingest job
        Assert.Equal(chunksBefore, await ChunkTextsAsync(first.Id));
        Assert.Equal(Json(ready), Json(await GetAsync(first.Id)));
    }

    [Fact]
    public async Task A_new_version_keeps_the_id_increments_the_version_and_replaces_the_chunks()
    {
        var name = $"opening-hours-{Guid.NewGuid():N}.txt";
        var marker = Guid.NewGuid().ToString("N")[..8];
        var v1 = await ReadDocumentAsync(
            await _client.PostAsync("/v1/documents", Form(Encoding.UTF8.GetBytes($"Office {marker} opens at 8 am on weekdays."), name, ("tags", "facilities"))),
            HttpStatusCode.Accepted);
        await WaitForAsync(v1.Id, d => d.Status == DocumentStatus.Ready);
        Assert.Contains(await SearchAsync($"office {marker} opens"), hit => hit.Contains("8 am", StringComparison.Ordinal));
        var jobsBefore = (await SnapshotAsync(fixture.Redis.Connection)).IngestJobs;

        var response = await _client.PostAsync("/v1/documents", Form(Encoding.UTF8.GetBytes($"Office {marker} opens at 10 am on weekdays."), name));

        var v2 = await ReadDocumentAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(v1.Id, v2.Id);
        Assert.Equal(2, v2.Version);
        Assert.Equal(DocumentStatus.Queued, v2.Status);
        Assert.Equal(["facilities"], v2.Tags); // labels not sent again are kept
        Assert.NotEqual(v1.ContentHash, v2.ContentHash);
        Assert.Equal(jobsBefore + 1, (await SnapshotAsync(fixture.Redis.Connection)).IngestJobs);
        var job = (await ReadIngestJobsAsync()).Last(e => e.DocumentId == v1.Id);
        Assert.Equal(DocumentCatalog.BlobKey(v1.Id, 2), job.BlobKey);

        var ready = await WaitForAsync(v1.Id, d => d is { Version: 2, Status: DocumentStatus.Ready });
        Assert.Equal(1, ready.Chunks);
        var text = string.Join('\n', await ChunkTextsAsync(v1.Id));
        Assert.Contains("10 am", text);
        Assert.DoesNotContain("8 am", text);
        var hits = await SearchAsync($"office {marker} opens");
        Assert.Contains(hits, hit => hit.Contains("10 am", StringComparison.Ordinal));
        Assert.DoesNotContain(hits, hit => hit.Contains("8 am", StringComparison.Ordinal));
        Assert.Single(await _client.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options) ?? [], d => d.Name == name);
    }

    [Fact]
    public async Task A_new_version_that_fails_leaves_the_previous_version_searchable()
    {
        var name = $"plans-{Guid.NewGuid():N}.csv";
        var marker = Guid.NewGuid().ToString("N")[..8];
        var v1 = await ReadDocumentAsync(
            await _client.PostAsync("/v1/documents", Form(Encoding.UTF8.GetBytes($"Plan,Price\nStarter{marker},9\n"), name)), HttpStatusCode.Accepted);
        await WaitForAsync(v1.Id, d => d.Status == DocumentStatus.Ready);

        await ReadDocumentAsync(await _client.PostAsync("/v1/documents", Form(Encoding.UTF8.GetBytes("Plan,Price\n"), name)), HttpStatusCode.Accepted);

        var failed = await WaitForAsync(v1.Id, d => d is { Version: 2, Status: DocumentStatus.Failed });
        Assert.Contains("no data rows", failed.Error);
        Assert.Contains("Version 1 stays searchable", failed.Error);
        Assert.Contains(await SearchAsync($"Starter{marker}"), hit => hit.Contains($"Plan: Starter{marker}; Price: 9", StringComparison.Ordinal));
    }

    /// <summary>Records hold lists, which compare by reference: compare what the API would send.</summary>
    private static string Json(DocumentInfo? document) => JsonSerializer.Serialize(document, SwitchboardJson.Options);

    private async Task<DocumentInfo?> GetAsync(string id)
    {
        var response = await _client.GetAsync($"/v1/documents/{id}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<DocumentInfo>(SwitchboardJson.Options) : null;
    }

    private async Task<DocumentInfo> WaitForAsync(string id, Func<DocumentInfo, bool> done) =>
        (await Eventually.MatchAsync(() => GetAsync(id), d => d is not null && done(d), $"document {id} to be ingested", seconds: 60))!;

    private async Task<List<string>> ChunkTextsAsync(string id)
    {
        using var json = JsonDocument.Parse(await fixture.Retrieval.GetStringAsync($"/documents/{id}/chunks"));
        return json.RootElement.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("text").GetString()!).ToList();
    }

    private async Task<List<string>> SearchAsync(string query)
    {
        var response = await fixture.Retrieval.PostAsJsonAsync("/search", new { query, topK = 10 });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("text").GetString()!).ToList();
    }

    private async Task<List<IngestRequested>> ReadIngestJobsAsync()
    {
        var entries = await fixture.Redis.Connection.GetDatabase().StreamRangeAsync(Streams.Ingest);
        return entries.Select(e => JsonSerializer.Deserialize<IngestRequested>((string)e["data"]!, SwitchboardJson.Options)!).ToList();
    }
}
