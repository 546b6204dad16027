using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Tests;

/// <summary>
/// Real processes: redis-server, the Gateway and the workflow service (started from their build output), and a
/// loopback HTTP server as the watched URL source. The Gateway proxies <c>/v1/workflows</c> to the workflow service on
/// an address picked before either starts. No agents run: uploads are catalogued (and versioned) by the Gateway, which
/// is what the sync's idempotency is about; answering a synced document is EndToEnd.Tests' part.
/// </summary>
public sealed class WorkflowProcessStack : IAsyncLifetime
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(2);
    private readonly string _logs = Path.Combine(AppContext.BaseDirectory, "workflow-logs");
    private Dictionary<string, string?> _workflowsEnvironment = [];
    private string _workflowsUrl = "";

    public RedisServerFixture Redis { get; } = new();

    public ServiceProcess Gateway { get; private set; } = null!;

    public ServiceProcess Workflows { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public WebApplication Source { get; private set; } = null!;

    public string SourceUrl { get; private set; } = "";

    /// <summary>Set when doc-b.md is first requested; the request then waits for <see cref="ReleaseB"/>.</summary>
    public TaskCompletionSource BRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReleaseB { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ARequests;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        (Source, SourceUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/doc-a.md", (HttpContext c) =>
            {
                Interlocked.Increment(ref ARequests);
                return Results.Text("# Alpha\n\nThe alpha project ships on the first Monday of each quarter.\n", "text/markdown");
            });
            app.MapGet("/doc-b.md", async (HttpContext c) =>
            {
                BRequested.TrySetResult();
                await ReleaseB.Task.WaitAsync(c.RequestAborted);
                return Results.Text("# Beta\n\nThe beta project is reviewed every second Thursday.\n", "text/markdown");
            });
        });

        var workflowsPort = FreePort.Next();
        _workflowsUrl = $"http://127.0.0.1:{workflowsPort}";
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        Gateway = await ServiceProcess.StartAsync("gateway", Dll("Gateway"), new Dictionary<string, string?>(common)
        {
            ["services__workflows__http__0"] = _workflowsUrl,
        }, HealthTimeout, Path.Combine(_logs, "gateway.log"));

        _workflowsEnvironment = new Dictionary<string, string?>(common)
        {
            ["services__gateway__http__0"] = Gateway.BaseAddress.ToString().TrimEnd('/'),
            // Nobody listens there: the weekly review's source does not answer.
            ["services__reporting__http__0"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Workflows__LeaseTtl"] = "00:00:02",
            ["Workflows__RecoveryInterval"] = "00:00:01",
            ["Workflows__SourceSync__Urls__0"] = $"{SourceUrl}/doc-a.md",
            ["Workflows__SourceSync__Urls__1"] = $"{SourceUrl}/doc-b.md",
            ["Workflows__Dags__source-sync__Enabled"] = "false",
            ["Workflows__Dags__source-sync__RetryDelay"] = "00:00:00.2",
            ["Workflows__Dags__nightly-evaluation__Enabled"] = "false",
            ["Workflows__Dags__retention__Enabled"] = "false",
            ["Workflows__Dags__weekly-review__Enabled"] = "false",
            ["Workflows__Dags__weekly-review__MaxAttempts"] = "2",
            ["Workflows__Dags__weekly-review__RetryDelay"] = "00:00:00.2",
        };
        Workflows = await StartWorkflowsAsync("workflows");
        Http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Task<ServiceProcess> StartWorkflowsAsync(string name, IReadOnlyDictionary<string, string?>? extra = null, string? urls = null)
    {
        var environment = new Dictionary<string, string?>(_workflowsEnvironment);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return ServiceProcess.StartAsync(name, Dll("Workflows"), environment, HealthTimeout, Path.Combine(_logs, name + ".log"), urls: urls ?? _workflowsUrl);
    }

    public async Task<ServiceProcess> RestartWorkflowsAsync()
    {
        Workflows = await StartWorkflowsAsync("workflows-restarted");
        return Workflows;
    }

    /// <summary>Polls the run through the Gateway (a 503 while the workflow service restarts counts as "not yet").</summary>
    public async Task<JsonElement> WaitForRunAsync(string dag, string id, int seconds = 60) =>
        await Eventually.MatchAsync(
            async () =>
            {
                using var response = await Http.GetAsync($"/v1/workflows/{dag}/runs/{id}");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            run => run.ValueKind == JsonValueKind.Object && run.GetProperty("status").GetString() is RunStatus.Succeeded or RunStatus.Failed,
            $"run {id} of {dag} to finish", seconds);

    public async Task DisposeAsync()
    {
        ReleaseB.TrySetResult();
        Http?.Dispose();
        if (Workflows is not null)
        {
            await Workflows.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Source is not null)
        {
            await Source.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    internal static string Dll(string project) =>
        Path.Combine(RepositoryRoot, project, "bin", Metadata("Configuration"), "net10.0", project + ".dll");

    private static string Metadata(string key) =>
        typeof(WorkflowProcessStack).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkflowProcessCollection : ICollectionFixture<WorkflowProcessStack>
{
    public const string Name = "workflow-processes";
}

[Collection(WorkflowProcessCollection.Name)]
public sealed class WorkflowProcessTests(WorkflowProcessStack stack)
{
    [Fact]
    public async Task A_workflow_service_killed_mid_sync_resumes_the_run_without_ingesting_a_document_twice()
    {
        using var start = await stack.Http.PostAsync("/v1/workflows/source-sync/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var run = await start.Content.ReadFromJsonAsync<JsonElement>();
        var id = run.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/workflows/source-sync/runs/{id}", start.Headers.Location?.ToString());

        // doc-a.md is uploaded; the sync now waits on doc-b.md.
        await stack.BRequested.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var documents = await stack.Http.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options);
        Assert.Equal("doc-a.md", Assert.Single(documents!).Name);

        // One run at a time: a second request is refused and names the active run.
        using (var second = await stack.Http.PostAsync("/v1/workflows/source-sync/runs", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(id, problem.GetProperty("activeRunId").GetString());
        }

        await stack.Workflows.KillAsync(); // SIGKILL mid-step: no shutdown code, the lease is not released
        stack.ReleaseB.TrySetResult();
        using (var down = await stack.Http.GetAsync("/v1/workflows"))
        {
            // The Gateway names the missing service at once instead of hanging.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Contains("workflows", await down.Content.ReadAsStringAsync());
        }

        await stack.RestartWorkflowsAsync();
        var finished = await stack.WaitForRunAsync("source-sync", id);

        Assert.Equal(RunStatus.Succeeded, finished.GetProperty("status").GetString());
        Assert.Equal(2, finished.GetProperty("executions").GetInt32());
        documents = await stack.Http.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options);
        Assert.Equal(["doc-a.md", "doc-b.md"], documents!.Select(d => d.Name).Order().ToArray());
        Assert.All(documents!, d => Assert.Equal(1, d.Version)); // doc-a.md, fetched again after the restart, was not re-ingested
        Assert.True(stack.ARequests >= 2, "doc-a.md was not fetched again by the resumed step");
        var sync = finished.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "sync-urls");
        Assert.Contains("1 new, 0 new version(s), 1 unchanged", sync.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_source_that_does_not_answer_fails_its_step_with_the_reason_and_the_run_ends()
    {
        using var start = await stack.Http.PostAsync("/v1/workflows/weekly-review/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var run = await stack.WaitForRunAsync("weekly-review", id);

        Assert.Equal(RunStatus.Failed, run.GetProperty("status").GetString());
        var steps = run.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(StepStatus.Failed, steps["fetch-review"].GetProperty("status").GetString());
        Assert.Equal(2, steps["fetch-review"].GetProperty("attempts").GetInt32());
        Assert.Contains("not reachable", steps["fetch-review"].GetProperty("error").GetString());
        Assert.Equal(StepStatus.Skipped, steps["store-review"].GetProperty("status").GetString());
        Assert.Contains("fetch-review", run.GetProperty("error").GetString());

        var list = await stack.Http.GetFromJsonAsync<JsonElement>("/v1/workflows");
        var review = list.EnumerateArray().Single(w => w.GetProperty("name").GetString() == "weekly-review");
        Assert.Equal(RunStatus.Failed, review.GetProperty("lastRun").GetProperty("status").GetString());
        // No active run: null, which the shared JSON shape (SwitchboardJson) leaves out.
        Assert.False(review.TryGetProperty("activeRunId", out var active) && active.ValueKind != JsonValueKind.Null);

        using var http = new HttpClient();
        var metrics = await Eventually.MatchAsync(
            async () => (await http.GetStringAsync(new Uri(stack.Workflows.BaseAddress, "/metrics"))).Split('\n'),
            lines => lines.Any(l => l.StartsWith("switchboard_workflow_last_run_failed", StringComparison.Ordinal)
                                    && l.Contains("dag=\"weekly-review\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)),
            "the failed run as switchboard_workflow_last_run_failed 1 in /metrics", 60);
        Assert.Contains(metrics, l => l.StartsWith("switchboard_workflow_runs_total", StringComparison.Ordinal)
                                      && l.Contains("dag=\"weekly-review\"", StringComparison.Ordinal) && l.Contains("status=\"failed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_workflows_and_runs_are_404_and_malformed_names_400_with_problem_details()
    {
        using var unknown = await stack.Http.PostAsync("/v1/workflows/nightly-backup/runs", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no workflow named 'nightly-backup'", await unknown.Content.ReadAsStringAsync());

        using var noRun = await stack.Http.GetAsync("/v1/workflows/retention/runs/20260101T000000-deadbeef");
        Assert.Equal(HttpStatusCode.NotFound, noRun.StatusCode);

        using var bad = await stack.Http.PostAsync("/v1/workflows/Not%20A%20Name/runs", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("name", await bad.Content.ReadAsStringAsync());

        var list = await stack.Http.GetFromJsonAsync<JsonElement>("/v1/workflows");
        Assert.Equal(["nightly-evaluation", "retention", "source-sync", "weekly-review"],
            list.EnumerateArray().Select(w => w.GetProperty("name").GetString()!).ToArray());
    }

    [Fact]
    public async Task An_invalid_cron_stops_the_service_at_start_with_a_sentence_naming_the_key()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => stack.StartWorkflowsAsync("workflows-bad-cron",
            new Dictionary<string, string?> { ["Workflows__Dags__retention__Cron"] = "61 * * * *", ["Workflows__Dags__retention__Enabled"] = "true" },
            urls: "http://127.0.0.1:0"));

        Assert.Contains("Workflows:Dags:retention:Cron '61 * * * *' is not a valid cron expression", failure.Message);
    }
}
