using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>Timing-sensitive process tests run alone, after the parallel ones, so two cores are not shared while measuring.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashRecoveryCollection
{
    public const string Name = "crash-recovery";
}

/// <summary>
/// <c>kill -9</c> of the RetrievalAgent in the middle of ingesting several documents: a real redis-server, the
/// RetrievalAgent and the Gateway as processes with their production settings (heartbeat every 1 s, living 5 s;
/// ClaimIdleTime 2 min). Only the Gateway's API, the RetrievalAgent's HTTP API and the services' output are used.
/// </summary>
[Collection(CrashRecoveryCollection.Name)]
public sealed class CrashRecoveryEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Documents = 5;

    // The first document keeps the RetrievalAgent busy while the others are uploaded, so it then reads them in one
    // batch: they are all pending at it when it is killed during the second one.
    private const int FirstDocumentBytes = 1_000_000;
    private const int DocumentBytes = 60_000;
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    private readonly RedisServerFixture _redis = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sb-crash-").FullName;
    private readonly string _logDir = Path.Combine(AppContext.BaseDirectory, "e2e-logs");
    private readonly List<ServiceProcess> _services = [];
    private ServiceProcess _retrieval = null!;
    private HttpClient _gateway = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _retrieval = await StartRetrievalAsync("crash-retrieval-1");
        var gateway = await StartAsync("Gateway", "crash-gateway", new Dictionary<string, string?>(Common())
        {
            ["services__retrieval__http__0"] = _retrieval.BaseAddress.ToString().TrimEnd('/'),
        });
        _gateway = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        await _redis.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_RetrievalAgent_killed_mid_ingestion_resumes_every_document_after_its_restart_each_ingested_once_with_exact_chunks()
    {
        var files = Enumerable.Range(1, Documents).Select(i => ($"crash-recovery-{i}.md", Document(i, i == 1 ? FirstDocumentBytes : DocumentBytes))).ToList();

        // 1. The same files ingested without interruption: their chunk counts. Then removed, so they can be uploaded again.
        var uninterrupted = new Dictionary<string, int>();
        var firstRound = Stopwatch.StartNew();
        foreach (var document in await UploadAndWaitAsync(files))
        {
            Assert.Equal(DocumentStatus.Ready, document.Status);
            uninterrupted[document.Name] = document.Chunks;
            Assert.Equal(HttpStatusCode.NoContent, (await _gateway.DeleteAsync($"/v1/documents/{document.Id}")).StatusCode);
        }

        output.WriteLine($"uninterrupted ingestion of {Documents} documents ({FirstDocumentBytes:N0} bytes, then {DocumentBytes:N0} bytes each): " +
                         $"{firstRound.Elapsed.TotalSeconds:F1} s; chunks {string.Join(", ", uninterrupted.Values)}");

        // 2. Again; kill -9 once one document is ready and the next is being ingested, the rest waiting behind it.
        var uploading = Stopwatch.StartNew();
        var ids = new List<string>();
        foreach (var (name, bytes) in files)
        {
            ids.Add((await ReadAcceptedAsync(await UploadAsync(name, bytes))).Id);
        }

        output.WriteLine($"second round uploaded in {uploading.Elapsed.TotalSeconds:F1} s");

        // Kill once a document is ready (it must not be ingested again), another is being ingested, and the RetrievalAgent
        // holds at least one more job it has read.
        var db = _redis.Connection.GetDatabase();
        var state = await Eventually.MatchAsync(
            async () => (Documents: await StatusesAsync(ids),
                         Holder: (await db.StreamConsumerInfoAsync(Streams.Ingest, ConsumerGroups.Retrieval))
                             .Where(c => c.PendingMessageCount >= 2).Select(c => c.Name).FirstOrDefault()),
            state => state.Documents.Any(d => d.Status == DocumentStatus.Ready)
                     && state.Documents.Any(d => d.Status == DocumentStatus.Processing) && state.Holder is not null
                     || state.Documents.All(d => d.Status is DocumentStatus.Ready or DocumentStatus.Failed),
            "a document ready, one processing and more held by the RetrievalAgent",
            seconds: 180);
        var holder = state.Holder ?? throw new InvalidOperationException(
            "Every document was ingested before the kill could interrupt several of them; make the files larger.");
        await _retrieval.KillAsync();
        var afterKill = await StatusesAsync(ids);
        var readyAtKill = afterKill.Where(d => d.Status == DocumentStatus.Ready).Select(d => d.Id).ToHashSet();
        var held = (await db.StreamPendingMessagesAsync(Streams.Ingest, ConsumerGroups.Retrieval, 100, holder)).Length;
        output.WriteLine($"killed {holder} with {readyAtKill.Count} ready, statuses [{string.Join(", ", afterKill.Select(d => d.Status))}], " +
                         $"{held} ingest jobs pending at it (read, not acknowledged)");
        Assert.True(held >= 2);
        Assert.NotEmpty(readyAtKill);

        // 3. While no RetrievalAgent runs, the status says the work waits for recovery: once the killed one's heartbeat has
        //    expired, every unfinished document whose job it held says so. (The kill races the work: the job it held may
        //    also be one it had just finished but not yet acknowledged.) Each status is its own request, so the expiry can
        //    fall between two of them: wait until every one says so.
        var unfinished = afterKill.Where(d => d.Status != DocumentStatus.Ready).Select(d => d.Id).ToList();
        var whileDown = await Eventually.MatchAsync(
            () => StatusesAsync(unfinished),
            docs => docs.Any(d => d.Recovery?.Reason == DocumentRecoveryReason.ConsumerStopped)
                    && docs.All(d => d.Recovery?.Status == DocumentRecoveryStatus.Waiting),
            "the status to say a document waits for recovery",
            seconds: 20);
        var waiting = whileDown.First(d => d.Recovery?.Reason == DocumentRecoveryReason.ConsumerStopped);
        Assert.Equal(DocumentRecoveryStatus.Waiting, waiting.Recovery!.Status);
        Assert.Contains(waiting.Status, new[] { DocumentStatus.Queued, DocumentStatus.Processing });
        Assert.All(whileDown, d => Assert.Equal(DocumentRecoveryStatus.Waiting, d.Recovery?.Status));
        output.WriteLine($"while down: {waiting.Name} {waiting.Status}, recovery {waiting.Recovery}");

        // 4. Restart it (same store), and watch the statuses from the moment the process is launched.
        output.WriteLine($"restarting at {DateTime.Now:HH:mm:ss.fff}");
        var sinceRestart = Stopwatch.StartNew();
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var watch = WatchRecoveryAsync(ids, sinceRestart, watching.Token);
        _retrieval = await StartRetrievalAsync("crash-retrieval-2");
        var healthy = sinceRestart.Elapsed;
        var (resumed, allReady) = await watch;
        var measured = $"restart → healthy {healthy.TotalSeconds:F1} s, → work taken over (no document waiting) {resumed.TotalSeconds:F1} s, " +
                       $"→ every document ready {allReady.TotalSeconds:F1} s";
        output.WriteLine(measured);
        Assert.True(allReady <= RecoveryBound, $"{measured}; bound {RecoveryBound.TotalSeconds} s");

        // 5. Exact chunks, each document once in the store, and nothing ingested twice.
        var final = await StatusesAsync(ids);
        using var retrieval = _retrieval.CreateServiceClient();
        foreach (var document in final)
        {
            Assert.Equal(DocumentStatus.Ready, document.Status);
            Assert.Null(document.Recovery);
            Assert.Equal(uninterrupted[document.Name], document.Chunks);
            var stored = await retrieval.GetFromJsonAsync<StoredChunks>($"/documents/{document.Id}/chunks");
            Assert.Equal(Enumerable.Range(0, document.Chunks), stored!.Chunks.Select(c => c.Ordinal).Order());
        }

        var killedLog = await ReadLogAsync("crash-retrieval-1");
        var restartedLog = await ReadLogAsync("crash-retrieval-2");
        foreach (var id in ids)
        {
            var runs = Occurrences(killedLog, $"Ingested document {id} ") + Occurrences(restartedLog, $"Ingested document {id} ");
            Assert.True(runs <= 1, $"document {id} was ingested {runs} times");
            if (readyAtKill.Contains(id))
            {
                Assert.Equal(0, Occurrences(restartedLog, $"Ingested document {id} "));
            }
        }

        Assert.Contains($"Consumer {holder} of {ConsumerGroups.Retrieval} on {Streams.Ingest} stopped", restartedLog);
        var metrics = await retrieval.GetStringAsync("/metrics");
        Assert.Contains("switchboard_events_recovered_total", metrics);
    }

    /// <summary>
    /// Polls the Gateway every 100 ms: when no unfinished document carries a recovery note any more (a live consumer took
    /// the work over), and when every document is ready.
    /// </summary>
    private async Task<(TimeSpan Resumed, TimeSpan AllReady)> WatchRecoveryAsync(List<string> ids, Stopwatch clock, CancellationToken cancellationToken)
    {
        TimeSpan? resumed = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var docs = await StatusesAsync(ids);
            var now = clock.Elapsed;
            if (resumed is null && docs.All(d => d.Recovery is null))
            {
                resumed = now;
            }

            if (docs.All(d => d.Status == DocumentStatus.Ready))
            {
                return (resumed ?? now, now);
            }

            if (docs.FirstOrDefault(d => d.Status == DocumentStatus.Failed) is { } failed)
            {
                throw new InvalidOperationException($"{failed.Name} failed: {failed.Error}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<List<DocumentInfo>> UploadAndWaitAsync(List<(string Name, byte[] Bytes)> files)
    {
        var ids = new List<string>();
        foreach (var (name, bytes) in files)
        {
            ids.Add((await ReadAcceptedAsync(await UploadAsync(name, bytes))).Id);
        }

        return await Eventually.MatchAsync(
            () => StatusesAsync(ids), docs => docs.All(d => d.Status is DocumentStatus.Ready or DocumentStatus.Failed), "every document ingested", seconds: 300);
    }

    private async Task<List<DocumentInfo>> StatusesAsync(List<string> ids)
    {
        var documents = new List<DocumentInfo>();
        foreach (var id in ids)
        {
            documents.Add((await _gateway.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{id}", SwitchboardJson.Options))!);
        }

        return documents;
    }

    private async Task<HttpResponseMessage> UploadAsync(string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/markdown");
        form.Add(part, "file", name);
        return await _gateway.PostAsync("/v1/documents", form);
    }

    private static async Task<DocumentInfo> ReadAcceptedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"upload answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<DocumentInfo>(body, SwitchboardJson.Options)!;
    }

    /// <summary>A long Markdown document of plain sentences, different for each index and the same on every run.</summary>
    private static byte[] Document(int index, int size)
    {
        string[] words =
        [
            "ledger", "invoice", "quarter", "supplier", "warehouse", "shipment", "policy", "audit", "budget", "forecast",
            "contract", "revenue", "margin", "customer", "payment", "approval", "freight", "inventory", "region", "review",
            "the", "a", "of", "for", "with", "after", "before", "each", "every", "only", "was", "is", "will", "must", "may",
            "report", "team", "office", "record", "update", "schedule", "claim", "refund", "account", "balance", "receipt",
        ];
        var random = new Random(7919 * index);
        var text = new StringBuilder().Append("# Crash recovery sample ").Append(index).Append("\n\n");
        var section = 0;
        while (text.Length < size)
        {
            if (text.Length / 16_000 >= section)
            {
                text.Append("\n## Section ").Append(index).Append('.').Append(++section).Append("\n\n");
            }

            for (var sentence = 0; sentence < 5; sentence++)
            {
                var length = random.Next(8, 20);
                for (var w = 0; w < length; w++)
                {
                    var word = words[random.Next(words.Length)];
                    text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == length - 1 ? ". " : " ");
                }
            }

            text.Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private Task<ServiceProcess> StartRetrievalAsync(string name) =>
        StartAsync("RetrievalAgent", name, new Dictionary<string, string?>(Common())
        {
            ["Retrieval__DatabasePath"] = Path.Combine(_dataDir, "retrieval", "retrieval.db"),
        });

    private Dictionary<string, string?> Common() => new()
    {
        ["ConnectionStrings__redis"] = _redis.ConnectionString,
        ["ASPNETCORE_ENVIRONMENT"] = null,
        ["DOTNET_ENVIRONMENT"] = null,
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    private async Task<ServiceProcess> StartAsync(string project, string name, IReadOnlyDictionary<string, string?> environment)
    {
        var dll = Path.Combine(Metadata("RepositoryRoot"), project, "bin", Metadata("Configuration"), "net10.0", project + ".dll");
        var service = await ServiceProcess.StartAsync(name, dll, environment, HealthTimeout, Path.Combine(_logDir, name + ".log"), maxLines: 400);
        _services.Add(service);
        return service;
    }

    private async Task<string> ReadLogAsync(string name)
    {
        await using var stream = new FileStream(Path.Combine(_logDir, name + ".log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Metadata(string key) =>
        typeof(CrashRecoveryEndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private sealed record StoredChunks(string DocumentId, List<StoredChunk> Chunks);

    private sealed record StoredChunk(string ChunkId, int Ordinal);
}
