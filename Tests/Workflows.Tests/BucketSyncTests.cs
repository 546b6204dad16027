using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Tests;

/// <summary>
/// The source sync's S3-compatible bucket source with the AWS SDK against <see cref="FakeS3Server"/> (the S3 REST API on the
/// wire, SigV4 checked), real redis-server, Gateway, RetrievalAgent (which the Gateway's delete of a retired document goes
/// through), ReportingAgent and workflow service processes. The bucket lists two
/// keys per page, so every sync pages with continuation tokens. The weekly review is scheduled every 3 seconds here (the
/// only schedule on), so its runs show what a cron occurrence does.
/// </summary>
public sealed class BucketSyncStack : IAsyncLifetime
{
    public const string Bucket = "handbooks";
    public const string AccessKeyId = "AKIASWITCHBOARDTEST";
    public const string Region = "eu-central-1";

    /// <summary>Every 3 seconds (6 fields: seconds first).</summary>
    public const string ScheduledReviewCron = "*/3 * * * * *";

    public static string Secret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    private readonly string _logs = Path.Combine(AppContext.BaseDirectory, "bucket-sync-logs");
    private readonly string _data = Directory.CreateTempSubdirectory("sb-bucket-sync-").FullName;

    public RedisServerFixture Redis { get; } = new();

    public FakeS3Server S3 { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    public ServiceProcess Retrieval { get; private set; } = null!;

    public ServiceProcess Reporting { get; private set; } = null!;

    public ServiceProcess Workflows { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        S3 = await FakeS3Server.StartAsync(AccessKeyId, Secret, Region);
        S3.CreateBucket(Bucket);
        var workflowsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        Retrieval = await ServiceProcess.StartAsync("retrieval", WorkflowProcessStack.Dll("RetrievalAgent"), new Dictionary<string, string?>(common)
        {
            ["Retrieval__DatabasePath"] = Path.Combine(_data, "retrieval.db"),
        }, TimeSpan.FromMinutes(2), Path.Combine(_logs, "retrieval.log"));
        Reporting = await ServiceProcess.StartAsync("reporting", WorkflowProcessStack.Dll("ReportingAgent"), common,
            TimeSpan.FromMinutes(2), Path.Combine(_logs, "reporting.log"));
        Gateway = await ServiceProcess.StartAsync("gateway", WorkflowProcessStack.Dll("Gateway"), new Dictionary<string, string?>(common)
        {
            ["services__workflows__http__0"] = workflowsUrl,
            ["services__retrieval__http__0"] = Retrieval.BaseAddress.ToString().TrimEnd('/'),
        }, TimeSpan.FromMinutes(2), Path.Combine(_logs, "gateway.log"));
        Workflows = await ServiceProcess.StartAsync("workflows", WorkflowProcessStack.Dll("Workflows"), new Dictionary<string, string?>(common)
        {
            ["services__gateway__http__0"] = Gateway.BaseAddress.ToString().TrimEnd('/'),
            ["services__reporting__http__0"] = Reporting.BaseAddress.ToString().TrimEnd('/'),
            ["Workflows__SourceSync__Buckets__0__Endpoint"] = S3.Url,
            ["Workflows__SourceSync__Buckets__0__Bucket"] = Bucket,
            ["Workflows__SourceSync__Buckets__0__Prefix"] = "policies/",
            ["Workflows__SourceSync__Buckets__0__Region"] = Region,
            ["Workflows__SourceSync__Buckets__0__AccessKeyId"] = AccessKeyId,
            ["Workflows__SourceSync__Buckets__0__SecretAccessKey"] = Secret,
            ["Workflows__SourceSync__Buckets__0__ForcePathStyle"] = "true",
            ["Workflows__SourceSync__Buckets__0__PageSize"] = "2",
            ["Workflows__SourceSync__Buckets__0__Timeout"] = "00:00:02",
            ["Workflows__Dags__source-sync__Enabled"] = "false",
            ["Workflows__Dags__source-sync__MaxAttempts"] = "2",
            ["Workflows__Dags__source-sync__RetryDelay"] = "00:00:00.2",
            ["Workflows__Dags__nightly-evaluation__Enabled"] = "false",
            ["Workflows__Dags__retention__Enabled"] = "false",
            ["Workflows__Dags__weekly-review__Cron"] = ScheduledReviewCron,
        }, TimeSpan.FromMinutes(2), Path.Combine(_logs, "workflows.log"), urls: workflowsUrl);
        Http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Starts a source-sync run and waits for it to end; the run as the API shows it.</summary>
    public async Task<JsonElement> SyncAsync()
    {
        using var start = await Http.PostAsync("/v1/workflows/source-sync/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return await Eventually.MatchAsync(
            async () => await Http.GetFromJsonAsync<JsonElement>($"/v1/workflows/source-sync/runs/{id}"),
            run => run.GetProperty("status").GetString() is RunStatus.Succeeded or RunStatus.Failed,
            $"source-sync run {id} to finish", 90);
    }

    public async Task<Dictionary<string, DocumentInfo>> DocumentsAsync() =>
        (await Http.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options))!.ToDictionary(d => d.Name);

    public static JsonElement Step(JsonElement run, string name) =>
        run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Workflows is not null)
        {
            await Workflows.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Reporting is not null)
        {
            await Reporting.DisposeAsync();
        }

        if (Retrieval is not null)
        {
            await Retrieval.DisposeAsync();
        }

        if (S3 is not null)
        {
            await S3.DisposeAsync();
        }

        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BucketSyncCollection : ICollectionFixture<BucketSyncStack>
{
    public const string Name = "bucket-sync";
}

[Collection(BucketSyncCollection.Name)]
public sealed class BucketSyncTests(BucketSyncStack stack)
{
    private const string Bucket = BucketSyncStack.Bucket;

    [Fact]
    public async Task New_objects_are_ingested_a_changed_one_becomes_a_new_version_and_a_removed_one_is_retired()
    {
        stack.S3.Put(Bucket, "policies/travel.md", "# Travel\n\nEconomy class for flights under six hours.\n");
        stack.S3.Put(Bucket, "policies/expenses.md", "# Expenses\n\nReceipts are filed within thirty days.\n");
        stack.S3.Put(Bucket, "policies/hr/leave.md", "# Leave\n\nTwenty-five days of annual leave.\n");
        stack.S3.Put(Bucket, "policies/logo.png", "not a document type the sync takes");
        stack.S3.Put(Bucket, "drafts/unpublished.md", "# Draft\n\nOutside the configured prefix.\n");
        var requestsBefore = stack.S3.Requests.Count;

        var first = await stack.SyncAsync();

        Assert.Equal(RunStatus.Succeeded, first.GetProperty("status").GetString());
        Assert.Contains("3 bucket item(s): 3 new, 0 new version(s), 0 unchanged", BucketSyncStack.Step(first, "sync-buckets").GetProperty("summary").GetString());
        var documents = await stack.DocumentsAsync();
        Assert.All(new[] { "travel.md", "expenses.md", "leave.md" }, name => Assert.Equal(1, documents[name].Version));
        Assert.DoesNotContain("unpublished.md", documents.Keys);
        Assert.DoesNotContain("logo.png", documents.Keys);
        var requests = stack.S3.Requests.Skip(requestsBefore).ToList();
        Assert.All(requests, r => Assert.Equal((BucketSyncStack.AccessKeyId, 200), (r.KeyId, r.Status))); // SigV4-signed for the configured key
        var listings = requests.Where(r => r.Operation == "ListObjectsV2").ToList();
        Assert.True(listings.Count >= 2, $"{listings.Count} ListObjectsV2 request(s) for 4 keys at 2 a page");
        Assert.Contains(listings, r => r.Query.Contains("continuation-token=", StringComparison.Ordinal));
        Assert.All(listings, r => Assert.Contains("prefix=policies%2F", r.Query, StringComparison.Ordinal));
        Assert.Equal(3, requests.Count(r => r.Operation == "GetObject"));

        stack.S3.Put(Bucket, "policies/travel.md", "# Travel\n\nEconomy class for flights under eight hours.\n");
        Assert.True(stack.S3.Delete(Bucket, "policies/expenses.md"));
        requestsBefore = stack.S3.Requests.Count;

        var second = await stack.SyncAsync();

        Assert.Equal(RunStatus.Succeeded, second.GetProperty("status").GetString());
        Assert.Contains("2 bucket item(s): 0 new, 1 new version(s), 1 unchanged", BucketSyncStack.Step(second, "sync-buckets").GetProperty("summary").GetString());
        Assert.Contains("expenses.md", BucketSyncStack.Step(second, "retire").GetProperty("summary").GetString());
        documents = await stack.DocumentsAsync();
        Assert.Equal(2, documents["travel.md"].Version);
        Assert.Equal(1, documents["leave.md"].Version);
        Assert.DoesNotContain("expenses.md", documents.Keys);
        // Only the object whose ETag changed was downloaded again.
        Assert.Equal(["policies/travel.md"], stack.S3.Requests.Skip(requestsBefore).Where(r => r.Operation == "GetObject").Select(r => r.Key ?? "").ToArray());
    }

    [Fact]
    public async Task Wrong_credentials_fail_the_bucket_step_at_once_with_the_S3_error_and_retire_nothing()
    {
        var before = await stack.DocumentsAsync();
        stack.S3.SecretAccessKey = "rotated-on-the-server";
        JsonElement run;
        try
        {
            run = await stack.SyncAsync();
        }
        finally
        {
            stack.S3.SecretAccessKey = BucketSyncStack.Secret;
        }

        Assert.Equal(RunStatus.Failed, run.GetProperty("status").GetString());
        var step = BucketSyncStack.Step(run, "sync-buckets");
        Assert.Equal(StepStatus.Failed, step.GetProperty("status").GetString());
        Assert.Equal(1, step.GetProperty("attempts").GetInt32()); // credentials do not fix themselves: not retried
        var error = step.GetProperty("error").GetString()!;
        Assert.Contains($"{stack.S3.Url}/{Bucket}: listing failed: answered 403 SignatureDoesNotMatch", error);
        Assert.DoesNotContain(BucketSyncStack.Secret, run.GetRawText());
        Assert.Equal(StepStatus.Skipped, BucketSyncStack.Step(run, "retire").GetProperty("status").GetString());
        Assert.Contains("sync-buckets", run.GetProperty("error").GetString());
        Assert.Equal(before.Keys.Order(), (await stack.DocumentsAsync()).Keys.Order());
    }

    [Fact]
    public async Task A_bucket_that_does_not_answer_fails_the_step_with_the_reason_after_its_retries_and_the_run_ends()
    {
        var before = await stack.DocumentsAsync();
        JsonElement run;
        using (stack.S3.Stall())
        {
            run = await stack.SyncAsync();
        }

        Assert.Equal(RunStatus.Failed, run.GetProperty("status").GetString());
        var step = BucketSyncStack.Step(run, "sync-buckets");
        Assert.Equal(StepStatus.Failed, step.GetProperty("status").GetString());
        Assert.Equal(2, step.GetProperty("attempts").GetInt32());
        Assert.Contains("listing failed: no answer within 2 s", step.GetProperty("error").GetString());
        Assert.Equal(StepStatus.Skipped, BucketSyncStack.Step(run, "retire").GetProperty("status").GetString());
        var list = await stack.Http.GetFromJsonAsync<JsonElement>("/v1/workflows");
        var sync = list.EnumerateArray().Single(w => w.GetProperty("name").GetString() == "source-sync");
        Assert.False(sync.TryGetProperty("activeRunId", out var active) && active.ValueKind != JsonValueKind.Null); // not stuck: the next run may start (null fields are left out)
        Assert.Equal(before.Keys.Order(), (await stack.DocumentsAsync()).Keys.Order());
    }
}

/// <summary>A DAG runs on its cron from the configuration: the weekly review, against the real ReportingAgent.</summary>
[Collection(BucketSyncCollection.Name)]
public sealed class ScheduledRunTests(BucketSyncStack stack)
{
    [Fact]
    public async Task The_weekly_review_runs_on_its_schedule_and_stores_the_ReportingAgents_review_with_a_link()
    {
        var list = await stack.Http.GetFromJsonAsync<JsonElement>("/v1/workflows");
        var review = list.EnumerateArray().Single(w => w.GetProperty("name").GetString() == "weekly-review");
        Assert.Equal(BucketSyncStack.ScheduledReviewCron, review.GetProperty("cron").GetString());
        Assert.Equal(JsonValueKind.String, review.GetProperty("nextRunAt").ValueKind);
        var retention = list.EnumerateArray().Single(w => w.GetProperty("name").GetString() == "retention");
        Assert.False(retention.TryGetProperty("cron", out var cron) && cron.ValueKind != JsonValueKind.Null); // no schedule (null fields are left out)

        // Nobody starts it: a cron occurrence does.
        var scheduled = await Eventually.MatchAsync(
            async () => await stack.Http.GetFromJsonAsync<List<JsonElement>>("/v1/workflows/weekly-review/runs?limit=20"),
            runs => runs!.Any(r => r.GetProperty("trigger").GetString() == RunTriggers.Schedule && r.GetProperty("status").GetString() == RunStatus.Succeeded),
            "a scheduled weekly-review run that succeeded", 60);
        var id = scheduled!.First(r => r.GetProperty("trigger").GetString() == RunTriggers.Schedule && r.GetProperty("status").GetString() == RunStatus.Succeeded)
            .GetProperty("id").GetString()!;
        var run = await stack.Http.GetFromJsonAsync<JsonElement>($"/v1/workflows/weekly-review/runs/{id}");
        Assert.Equal("schedule", run.GetProperty("triggeredBy").GetString());

        var fetched = BucketSyncStack.Step(run, "fetch-review");
        var report = fetched.GetProperty("data").GetProperty("report");
        foreach (var part in new[] { "totals", "days", "byIntent", "byModel", "budget", "anomalies" })
        {
            Assert.True(report.TryGetProperty(part, out _), $"the stored review has no '{part}': {report}");
        }

        Assert.Equal($"/review.html?run={id}", fetched.GetProperty("link").GetString());
        Assert.Equal($"/review.html?run={id}", BucketSyncStack.Step(run, "store-review").GetProperty("link").GetString());
        var stored = await stack.Redis.Connection.GetDatabase().ListRangeAsync("sb:wf:reviews");
        Assert.Contains(stored, r => JsonDocument.Parse(r.ToString()).RootElement.GetProperty("runId").GetString() == id);
    }
}
