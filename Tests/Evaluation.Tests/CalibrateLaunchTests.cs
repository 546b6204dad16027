using Switchboard.Evaluation.Calibrate;
using Switchboard.Evaluation.Cli;
using Switchboard.Evaluation.Reports;
using Xunit.Abstractions;

namespace Switchboard.Evaluation.Tests;

/// <summary>
/// <c>calibrate --launch</c> on the samples: the RetrievalAgent's <c>POST /evidence</c> for every labelled question, the
/// sweep, and a recommendation that respects the false-answer limit.
/// </summary>
public sealed class CalibrateLaunchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Calibrate_launch_on_the_samples_recommends_a_feasible_threshold()
    {
        var samples = Path.Combine(Repository.Root, "samples");
        var outFolder = Path.Combine(AppContext.BaseDirectory, "calibration-report");
        var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var exitCode = await EvaluationCli.RunAsync(
        [
            "calibrate", "--launch",
            "--documents", samples,
            "--questions", Path.Combine(samples, "eval", "questions.jsonl"),
            "--out", outFolder,
            "--repo", Repository.Root,
            "--configuration", Repository.Configuration,
        ], log, timeout.Token);
        output.WriteLine(log.ToString());

        Assert.True(exitCode == 0, $"calibrate exited {exitCode}:\n{log}");
        var report = ReportFiles.Read<CalibrationReport>(Path.Combine(outFolder, "calibration.json"));
        output.WriteLine(await File.ReadAllTextAsync(Path.Combine(outFolder, "calibration.md")));

        Assert.Equal(Questions.QuestionSet.Load(Path.Combine(samples, "eval", "questions.jsonl")).Count, report.Samples.Count);
        Assert.True(report.Best.Feasible);
        Assert.True(report.Best.FalseAnswerRate <= report.MaxFalseAnswerRate);
        Assert.Equal(report.Candidates.Where(c => c.Feasible).Max(c => c.InScopeCorrect), report.Best.InScopeCorrect);
        Assert.Equal(CalibrationReport.ConfigurationFor(report.Best.Threshold), report.ConfigurationLine);
    }
}
