using Switchboard.Evaluation.Cli;
using Switchboard.Evaluation.Compare;
using Switchboard.Evaluation.Reports;
using Switchboard.Qdrant.Tests;
using Xunit.Abstractions;

namespace Switchboard.Evaluation.Tests;

/// <summary>
/// The harness on the other store: <c>compare --launch</c> with <c>--retrieval-env ConnectionStrings__qdrant_http=…</c>,
/// so both launched RetrievalAgents keep their chunks in Qdrant (the in-process <see cref="FakeQdrantServer"/>, which
/// speaks Qdrant's REST wire format; one collection per stack). Ranking may differ from SQLite; the SOP outcomes the
/// SQLite run keeps must hold here too: out-of-scope refused ≥ 90%, hallucination ≤ 10%, hit@3 ≥ 70%.
/// </summary>
public sealed class CompareOnQdrantTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Compare_launch_on_qdrant_keeps_the_refusal_hallucination_and_hit_at_3_bars()
    {
        await using var qdrant = await FakeQdrantServer.StartAsync("eval-key");
        var samples = Path.Combine(Repository.Root, "samples");
        var outFolder = Path.Combine(AppContext.BaseDirectory, "evaluation-report-qdrant");
        if (Directory.Exists(outFolder))
        {
            Directory.Delete(outFolder, recursive: true);
        }

        var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var exitCode = await EvaluationCli.RunAsync(
        [
            "compare", "--launch",
            "--documents", samples,
            "--questions", Path.Combine(samples, "eval", "questions.jsonl"),
            "--out", outFolder,
            "--repo", Repository.Root,
            "--configuration", Repository.Configuration,
            "--retrieval-env", $"ConnectionStrings__qdrant_http=Endpoint={qdrant.Endpoint};Key=eval-key",
        ], log, timeout.Token);
        output.WriteLine(log.ToString());

        Assert.True(exitCode == 0, $"compare exited {exitCode}:\n{log}");
        output.WriteLine(await File.ReadAllTextAsync(Path.Combine(outFolder, "report.md")));

        // Both stacks wrote to Qdrant, each to its own collection (no SQLite fallback, no shared chunks).
        var collections = qdrant.CollectionNames;
        Assert.Equal(2, collections.Count);
        Assert.Contains(collections, c => c.StartsWith("eval_hybrid_", StringComparison.Ordinal));
        Assert.Contains(collections, c => c.StartsWith("eval_keyword_", StringComparison.Ordinal));
        Assert.All(collections, c => Assert.True(qdrant.PointCount(c) > 0, $"{c} holds no chunks"));

        var report = ReportFiles.Read<ComparisonReport>(Path.Combine(outFolder, "report.json"));
        foreach (var run in new[] { report.LeftReport, report.RightReport })
        {
            Assert.All(run.Documents, d => Assert.True(d.Status == "ready", $"{run.Label}: {d.Name} is {d.Status} ({d.Error})"));
            Assert.Equal(0, run.Answers.Errors);
            Assert.True(run.Retrieval.Questions >= 40);
            Assert.True(run.Answers.HallucinationRate <= 0.10, $"{run.Label}: hallucination {run.Answers.HallucinationRate:P1} > 10%");
            Assert.True(run.Answers.OutOfScopeRefusalRate >= 0.90, $"{run.Label}: out-of-scope refused {run.Answers.OutOfScopeRefusalRate:P1} < 90%");
        }

        Assert.True(report.LeftHitAt3 >= 0.70, $"hybrid hit@3 on Qdrant {report.LeftHitAt3:P1} < 70%");
        Assert.True(report.RightHitAt3 >= 0.70, $"keyword hit@3 on Qdrant {report.RightHitAt3:P1} < 70%");
    }
}
