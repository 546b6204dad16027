using Switchboard.Evaluation.Cli;
using Switchboard.Evaluation.Evaluate;
using Switchboard.Evaluation.Questions;
using Switchboard.Evaluation.Reports;
using Xunit.Abstractions;

namespace Switchboard.Evaluation.Tests;

/// <summary>
/// The development set (samples/devset, questions written adversarially against the real public documents of
/// ../shared/devdata) through the harness as CI runs it: <c>evaluate --launch</c> starts one stack on the embedded
/// defaults, ingests every devdata document through the Gateway and asks every question. The floors are the figures
/// measured when each failure class was fixed (README, "Answers on real documents"), so a change that loses what was
/// won fails here; they are below the bars where the bars are not met yet.
/// </summary>
public sealed class DevSetEvaluationTests(ITestOutputHelper output)
{
    // Floors: right-outcome rates measured on the embedded defaults (samples/devset/README.md, "Third round": answer
    // verification on), minus a small margin (one or two questions) for a run on a loaded machine: in scope 78.3 %, out
    // of scope refused 90.9 %, unanswerable refused 71.8 %, PDF in scope 60.0 %, text in scope 88.0 %, hallucination 9.1 %.
    private const double MinInScopeCorrect = 0.76;
    private const double MinOutOfScopeRefused = 0.86;
    private const double MinUnanswerableRefused = 0.66;
    private const double MinPdfInScopeCorrect = 0.56;
    private const double MinTextInScopeCorrect = 0.84;
    private const double MaxHallucination = 0.14;

    [DevDataFact]
    public async Task Evaluate_launch_on_the_devdata_reports_every_kind_source_and_task_and_keeps_the_floors()
    {
        var outFolder = Path.Combine(AppContext.BaseDirectory, "devset-report");
        if (Directory.Exists(outFolder))
        {
            Directory.Delete(outFolder, recursive: true);
        }

        var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var arguments = new List<string> { "--launch", "--questions", DevData.QuestionFolder, "--out", outFolder, "--label", "devset",
            "--repo", Repository.Root, "--configuration", Repository.Configuration };
        foreach (var path in DevData.Documents)
        {
            arguments.AddRange(["--documents", path]);
        }

        var report = await EvaluationCli.EvaluateAsync(arguments, log, timeout.Token);
        output.WriteLine(log.ToString());
        output.WriteLine(await File.ReadAllTextAsync(Path.Combine(outFolder, "report.md")));

        Assert.All(report.Documents, d => Assert.True(d.Status == "ready", $"{d.Name} is {d.Status} ({d.Error})"));
        Assert.Equal(0, report.Answers.Errors);
        var questions = QuestionSet.Load(DevData.QuestionFolder);
        Assert.Equal(questions.Count, report.Questions.Count);

        // Every kind, source and task of the set is reported.
        foreach (var (dimension, values) in new (string, IEnumerable<string?>)[]
                 {
                     ("kind", questions.Select(q => q.Kind)), ("source", questions.Select(q => q.Source)), ("task", questions.Select(q => q.Task)),
                 })
        {
            foreach (var value in values.OfType<string>().Distinct())
            {
                Assert.NotNull(report.RightRate(dimension, value));
            }
        }

        AssertFloor(report.Answers.InScopeCorrectRate, MinInScopeCorrect, "in-scope answered correctly");
        AssertFloor(report.Answers.OutOfScopeRefusalRate, MinOutOfScopeRefused, "out-of-scope refused");
        AssertFloor(report.Answers.UnanswerableRefusalRate, MinUnanswerableRefused, "unanswerable refused");
        AssertFloor(report.RightRate("source/kind", "pdf/in_scope"), MinPdfInScopeCorrect, "PDF in-scope correct");
        AssertFloor(report.RightRate("source/kind", "text/in_scope"), MinTextInScopeCorrect, "text in-scope correct");
        Assert.True(report.Answers.HallucinationRate <= MaxHallucination, $"hallucination {report.Answers.HallucinationRate:P1} > {MaxHallucination:P0}");
    }

    private static void AssertFloor(double? actual, double floor, string what)
    {
        Assert.True(actual is not null, $"{what}: the set has no such question");
        Assert.True(actual >= floor, $"{what}: {actual:P1} < floor {floor:P0}");
    }
}

public sealed class DevSetQuestionTests
{
    /// <summary>
    /// The development set is valid, large enough and adversarial: every kind on both pdf and text sources, unanswerable
    /// questions of each trick (entity swap, negation, reversed relation, false premise), and every gold document (or
    /// the document an unanswerable question was written against) is one of the corpus's (<see cref="DevData.Documents"/>:
    /// ../shared/devdata's, and for CSV questions the two sample CSV files).
    /// </summary>
    [Fact]
    public void The_development_set_is_valid_and_adversarial()
    {
        var questions = QuestionSet.Load(DevData.QuestionFolder);
        var pdfAndText = questions.Where(q => q.Source is "pdf" or "text").ToList();

        Assert.True(pdfAndText.Count >= 110, $"{pdfAndText.Count} pdf/text questions, at least 110 wanted");
        Assert.All(questions, q => Assert.NotNull(q.Source));
        foreach (var source in new[] { "pdf", "text" })
        {
            foreach (var kind in new[] { QuestionKinds.InScope, QuestionKinds.OutOfScope, QuestionKinds.Unanswerable })
            {
                Assert.True(questions.Count(q => q.Source == source && q.Kind == kind) >= 5, $"fewer than 5 {source}/{kind} questions");
            }
        }

        foreach (var trick in new[] { "entity_swap", "negation", "reversed_relation", "false_premise" })
        {
            Assert.Contains(questions, q => q.Kind == QuestionKinds.Unanswerable && q.Task == trick);
        }

        Assert.All(questions.Where(q => q.Source == "pdf" && q.InScope), q => Assert.NotNull(q.Page));
        var shipped = DevData.SampleFiles.Select(Path.GetFileName).ToHashSet();
        Assert.All(DevData.SampleFiles, path => Assert.True(File.Exists(path), $"{path} is missing"));
        Assert.All(questions.Where(q => shipped.Contains(q.Document)), q => Assert.Equal("csv", q.Source));
        if (DevData.IsPresent)
        {
            var files = Evaluate.DocumentIngestion.DocumentFiles(DevData.Documents).Select(Path.GetFileName).ToHashSet();
            Assert.All(questions.Where(q => q.Document is not null), q => Assert.Contains(q.Document, files));
        }
    }
}
