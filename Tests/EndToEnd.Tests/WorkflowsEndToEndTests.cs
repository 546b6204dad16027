using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>The stack with the workflow service watching a temporary folder; schedules off (runs are started by the tests).</summary>
public sealed class WorkflowsStack : SwitchboardApp
{
    public string WatchedFolder { get; } = Directory.CreateTempSubdirectory("sb-watched-").FullName;

    public string ReportDirectory { get; } = Directory.CreateTempSubdirectory("sb-eval-reports-").FullName;

    protected override IReadOnlyDictionary<string, string?> WorkflowsSettings => Settings(RepositoryRoot, WatchedFolder, ReportDirectory);

    /// <summary>Every schedule off, a folder to watch, and a small evaluation set (3 in scope, 2 out of scope of samples/eval).</summary>
    public static Dictionary<string, string?> Settings(string repositoryRoot, string watchedFolder, string reportDirectory) => new()
    {
        ["Workflows__Dags__source-sync__Enabled"] = "false",
        ["Workflows__Dags__nightly-evaluation__Enabled"] = "false",
        ["Workflows__Dags__weekly-review__Enabled"] = "false",
        ["Workflows__Dags__retention__Enabled"] = "false",
        ["Workflows__SourceSync__Folders__0"] = watchedFolder,
        ["Workflows__Evaluation__QuestionsFile"] = SmallQuestionSet(repositoryRoot, reportDirectory),
        ["Workflows__Evaluation__ReportDirectory"] = reportDirectory,
    };

    private static string SmallQuestionSet(string repositoryRoot, string directory)
    {
        var lines = File.ReadAllLines(Path.Combine(repositoryRoot, "samples", "eval", "questions.jsonl")).Where(l => l.Trim().Length > 0).ToList();
        var picked = lines.Where(l => l.Contains("\"in_scope\"", StringComparison.Ordinal)).Take(3)
            .Concat(lines.Where(l => l.Contains("\"out_of_scope\"", StringComparison.Ordinal)).Take(2));
        var path = Path.Combine(directory, "eval-small.jsonl");
        File.WriteAllLines(path, picked);
        return path;
    }

    public async Task<JsonElement> RunAsync(string dag, int seconds = 180)
    {
        using var start = await Http.PostAsync($"/v1/workflows/{dag}/runs", null);
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{dag}: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync()}");
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return await Eventually.MatchAsync(
            async () => await Http.GetFromJsonAsync<JsonElement>($"/v1/workflows/{dag}/runs/{id}"),
            run => run.GetProperty("status").GetString() is "succeeded" or "failed",
            $"{dag} run {id} to finish", seconds);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var folder in new[] { WatchedFolder, ReportDirectory })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkflowsStackCollection : ICollectionFixture<WorkflowsStack>
{
    public const string Name = "workflows-stack";
}

/// <summary>The shipped DAGs against the whole running stack.</summary>
[Collection(WorkflowsStackCollection.Name)]
public sealed class WorkflowsEndToEndTests(WorkflowsStack stack, ITestOutputHelper output)
{
    private const string Question = "What is the release codename of the Zephyr project?";

    [Fact]
    public async Task Source_sync_ingests_a_changed_file_as_a_new_version_that_answers_and_retires_a_removed_one()
    {
        var file = Path.Combine(stack.WatchedFolder, "zephyr-handbook.md");
        await File.WriteAllTextAsync(file, Handbook("Bluebird"));

        var first = await stack.RunAsync("source-sync");
        output.WriteLine(first.ToString());
        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        var document = Assert.Single(await stack.ListDocumentsAsync(), d => d.Name == "zephyr-handbook.md");
        Assert.Equal("ready", (await stack.WaitForIngestionAsync(document.Id)).Status);
        Assert.Contains("Bluebird", await AnswerAsync());

        // The file changes at its source: the next run makes it version 2 of the same document, and that answers.
        await File.WriteAllTextAsync(file, Handbook("Redwing"));
        var second = await stack.RunAsync("source-sync");
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        var changed = await Eventually.MatchAsync(
            async () => await stack.Http.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{document.Id}", SwitchboardJson.Options),
            d => d!.Version == 2 && d.Status == DocumentStatus.Ready, "version 2 ready", 120);
        Assert.Equal(document.Id, changed!.Id);
        var answer = await AnswerAsync();
        Assert.Contains("Redwing", answer);
        Assert.DoesNotContain("Bluebird", answer);

        // Unchanged: nothing uploaded again.
        var third = await stack.RunAsync("source-sync");
        var sync = third.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "sync-folders");
        Assert.Contains("0 new, 0 new version(s), 1 unchanged", sync.GetProperty("summary").GetString());

        // Removed at its source: retired.
        File.Delete(file);
        var fourth = await stack.RunAsync("source-sync");
        Assert.Equal("succeeded", fourth.GetProperty("status").GetString());
        using var gone = await stack.Http.GetAsync($"/v1/documents/{document.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task The_nightly_evaluation_scores_the_live_stack_and_publishes_its_metrics_and_report()
    {
        var samples = await stack.EnsureSamplesIngestedAsync();
        Assert.All(samples, s => Assert.Equal("ready", s.Document?.Status));

        var run = await stack.RunAsync("nightly-evaluation");
        output.WriteLine(run.ToString());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var score = run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "score-and-publish").GetProperty("data");
        Assert.Equal(5, score.GetProperty("questions").GetInt32());
        Assert.Equal(3, score.GetProperty("inScope").GetInt32());
        Assert.Equal(2, score.GetProperty("outOfScope").GetInt32());

        using var http = new HttpClient { BaseAddress = stack.Workflows!.BaseAddress };
        var metrics = (await http.GetStringAsync("/metrics")).Split('\n');
        foreach (var name in new[] { "switchboard_evaluation_hit_at_3_ratio", "switchboard_evaluation_correct_ratio", "switchboard_evaluation_refusal_ratio", "switchboard_evaluation_hallucination_ratio" })
        {
            Assert.Contains(metrics, line => line.StartsWith(name, StringComparison.Ordinal) && line.Contains("set=\"eval-small\"", StringComparison.Ordinal));
        }

        var correct = metrics.Single(l => l.StartsWith("switchboard_evaluation_correct_ratio", StringComparison.Ordinal) && l.Contains("set=", StringComparison.Ordinal));
        Assert.Equal(score.GetProperty("correctness").GetDouble(), double.Parse(correct[(correct.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.NotEmpty(Directory.GetFiles(stack.ReportDirectory, "evaluation-*.md"));
    }

    [Fact]
    public async Task The_workflows_page_lists_the_DAGs_starts_a_run_and_shows_its_steps()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add($"script error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                errors.Add($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };

        await page.GotoAsync(new Uri(stack.Gateway.BaseAddress, "/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Workflows" }).ClickAsync();
        var rows = page.Locator("#workflows-body tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#workflows-body")).ToContainTextAsync("source-sync");

        await page.GetByRole(AriaRole.Button, new() { Name = "Run now: retention" }).ClickAsync();
        await Assertions.Expect(page.Locator("#run-summary")).ToContainTextAsync("retention run");
        await Assertions.Expect(page.Locator("#run-summary")).ToContainTextAsync("succeeded");
        await Assertions.Expect(page.Locator("#steps-body tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#steps-body")).ToContainTextAsync("append-only");
        await AxeCheck.AssertAccessibleAsync(page, "workflows page with a run's steps", output);

        // The weekly review: the ReportingAgent's GET /reports/review is stored with the run, and the step's link opens
        // that stored report on the review page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now: weekly-review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#run-summary")).ToContainTextAsync("weekly-review run");
        await Assertions.Expect(page.Locator("#run-summary")).ToContainTextAsync("succeeded");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open what store-review produced" }).ClickAsync();
        await Assertions.Expect(page.Locator("#review-status")).ToContainTextAsync("Stored by weekly-review run");
        await Assertions.Expect(page.Locator("#kpis dt")).Not.ToHaveCountAsync(0);
        var runId = new Uri(page.Url).Query.Split("run=")[1];
        var run = await stack.Http.GetFromJsonAsync<JsonElement>($"/v1/workflows/weekly-review/runs/{runId}");
        var fetched = run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "fetch-review");
        Assert.Equal($"/review.html?run={runId}", fetched.GetProperty("link").GetString());
        Assert.True(fetched.GetProperty("data").GetProperty("report").TryGetProperty("totals", out _), "the stored report is the ReportingAgent's review");
        Assert.Empty(errors);
    }

    private async Task<string> AnswerAsync()
    {
        using var response = await stack.Http.PostAsJsonAsync("/v1/ask", new { question = Question });
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!.Answer;
    }

    private static string Handbook(string codename) =>
        $"# Zephyr project handbook\n\nThe release codename of the Zephyr project is {codename}.\n\n" +
        "The Zephyr project team meets every Tuesday to plan the next release of the Zephyr platform.\n";
}
