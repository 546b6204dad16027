using Switchboard.Evaluation.Cli;
using Switchboard.Evaluation.Compare;
using Switchboard.Evaluation.Reports;
using Xunit.Abstractions;

namespace Switchboard.Evaluation.Tests;

/// <summary>
/// The harness end to end, as CI runs it: <c>compare --launch</c> starts a Hybrid and a Keyword stack (real redis-server
/// and the five services as processes), ingests samples/ through the Gateway, asks samples/eval/questions.jsonl, and
/// writes both reports. The SOP criteria are reported, not asserted: they describe the system, not the harness.
/// </summary>
public sealed class CompareLaunchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Compare_launch_on_the_samples_writes_both_reports_and_hybrid_is_not_worse_on_hit_at_3()
    {
        var samples = Path.Combine(Repository.Root, "samples");
        var outFolder = Path.Combine(AppContext.BaseDirectory, "evaluation-report");
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
        ], log, timeout.Token);
        output.WriteLine(log.ToString());

        Assert.True(exitCode == 0, $"compare exited {exitCode}:\n{log}");
        foreach (var file in new[] { "report.json", "report.md", "hybrid/report.json", "hybrid/report.md", "keyword/report.json", "keyword/report.md" })
        {
            Assert.True(File.Exists(Path.Combine(outFolder, file)), $"{file} was not written");
        }

        var markdown = await File.ReadAllTextAsync(Path.Combine(outFolder, "report.md"));
        output.WriteLine(markdown);

        var report = ReportFiles.Read<ComparisonReport>(Path.Combine(outFolder, "report.json"));
        Assert.Equal(["hybrid", "keyword"], new[] { report.Left, report.Right });
        foreach (var run in new[] { report.LeftReport, report.RightReport })
        {
            Assert.All(run.Documents, d => Assert.True(d.Status == "ready", $"{run.Label}: {d.Name} is {d.Status} ({d.Error})"));
            Assert.Equal(0, run.Answers.Errors);
            Assert.True(run.Retrieval.Questions >= 40);
            Assert.Equal(5, run.Criteria.Count);

            // The not-found threshold is calibrated on this set (RetrievalAgent/README.md, "Calibration"), and the
            // evidence is deterministic (lexical, no sampling): both modes must keep the SOP bars on it.
            Assert.True(run.Answers.HallucinationRate <= 0.10, $"{run.Label}: hallucination {run.Answers.HallucinationRate:P1} > 10%");
            Assert.True(run.Answers.OutOfScopeRefusalRate >= 0.90, $"{run.Label}: out-of-scope refused {run.Answers.OutOfScopeRefusalRate:P1} < 90%");
            Assert.True(run.Answers.InScopeCorrectRate >= 0.80, $"{run.Label}: in-scope correct {run.Answers.InScopeCorrectRate:P1} < 80%");
        }

        Assert.NotNull(report.LeftHitAt3);
        Assert.NotNull(report.RightHitAt3);
        Assert.True(report.LeftHitAt3 >= report.RightHitAt3,
            $"hybrid hit@3 {report.LeftHitAt3:P1} is below keyword hit@3 {report.RightHitAt3:P1}");
        Assert.Contains("| retrieval hit@3 |", markdown);
    }
}
