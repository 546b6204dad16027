using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Evaluation.Questions;
using Switchboard.Workflows.Clients;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Dags.Evaluation;

/// <summary>
/// (b) Nightly evaluation: asks the labelled set through the live Gateway (<c>/v1/search</c> for the gold document's
/// rank, <c>/v1/ask</c> for the answer), scores it with the harness's code, publishes the figures as metrics and keeps
/// the report (JSON + Markdown in <see cref="EvaluationOptions.ReportDirectory"/>, the step's data in the run).
/// </summary>
public sealed class NightlyEvaluationDag(
    GatewayApi gateway, EvaluationMetrics metrics, IOptionsMonitor<EvaluationOptions> options, IHostEnvironment environment, TimeProvider clock)
    : IWorkflowDag
{
    public const string DagName = "nightly-evaluation";

    public string Name => DagName;

    public string Description => "Asks the labelled evaluation set through the Gateway; publishes hit@3, correctness, refusal and hallucination.";

    public IReadOnlyList<WorkflowStep> Steps =>
    [
        WorkflowStep.Create("load-questions", LoadAsync),
        WorkflowStep.Create("ask-questions", AskAsync, "load-questions"),
        WorkflowStep.Create("score-and-publish", ScoreAsync, "ask-questions"),
        WorkflowStep.Create("store-report", StoreAsync, "score-and-publish"),
    ];

    private Task<StepResult> LoadAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var path = Path.GetFullPath(settings.QuestionsFile, environment.ContentRootPath);
        if (!File.Exists(path))
        {
            throw new PermanentStepException($"Workflows:Evaluation:QuestionsFile '{path}' does not exist");
        }

        IReadOnlyList<EvalQuestion> questions;
        try
        {
            questions = QuestionSet.Load(path);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidDataException or InvalidOperationException)
        {
            throw new PermanentStepException($"Workflows:Evaluation:QuestionsFile '{path}' is not a valid question set: {ex.Message}", ex);
        }

        if (settings.MaxQuestions > 0)
        {
            questions = questions.Take(settings.MaxQuestions).ToList();
        }

        if (questions.Count == 0)
        {
            throw new PermanentStepException($"Workflows:Evaluation:QuestionsFile '{path}' has no questions");
        }

        var set = string.IsNullOrWhiteSpace(settings.SetName) ? Path.GetFileNameWithoutExtension(path) : settings.SetName;
        return Task.FromResult(new StepResult($"{questions.Count} questions from {Path.GetFileName(path)} (set '{set}')", new LoadedSet(set, path, questions)));
    }

    private async Task<StepResult> AskAsync(StepContext context, CancellationToken cancellationToken)
    {
        var loaded = context.Output<LoadedSet>("load-questions");
        var results = new List<EvaluatedQuestion>();
        foreach (var question in loaded.Questions)
        {
            SearchResponse? search = null;
            AskResponse? answer = null;
            string? error = null;
            try
            {
                if (question.InScope && question.Document is not null)
                {
                    search = await gateway.SearchAsync(question.Question, options.CurrentValue.SearchTopK, cancellationToken);
                }

                answer = await gateway.AskAsync(question.Question, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex.StatusCode is not null)
            {
                // One question the Gateway refused (4xx/5xx) is an error in the report, not a failed run.
                error = ex.Message;
            }

            results.Add(EvaluationScore.Score(question, answer, search, error));
        }

        var errors = results.Count(r => r.Error is not null);
        if (errors == results.Count)
        {
            throw new InvalidOperationException($"every question failed; the first: {results[0].Error}");
        }

        return new StepResult($"{results.Count} asked, {errors} error(s)", results);
    }

    private async Task<StepResult> ScoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var loaded = context.Output<LoadedSet>("load-questions");
        var results = context.Output<List<EvaluatedQuestion>>("ask-questions");
        var score = EvaluationScore.Of(loaded.Set, loaded.Questions, results, clock.GetUtcNow());
        await metrics.PublishAsync(score);
        return new StepResult(
            $"hit@3 {Percent(score.HitAt3)}, correct {Percent(score.Correctness)}, refusal {Percent(score.Refusal)}, hallucination {Percent(score.Hallucination)}",
            score);
    }

    private async Task<StepResult> StoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var score = context.Output<EvaluationScore>("score-and-publish");
        var results = context.Output<List<EvaluatedQuestion>>("ask-questions");
        var directory = Path.GetFullPath(options.CurrentValue.ReportDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"evaluation-{context.Run.Id}");
        await File.WriteAllTextAsync(stem + ".json",
            JsonSerializer.Serialize(new { score, questions = results }, SwitchboardJson.Options), cancellationToken);
        await File.WriteAllTextAsync(stem + ".md", Markdown(score, results), cancellationToken);
        return new StepResult($"report written to {stem}.md", new { Report = stem + ".md", Json = stem + ".json" });
    }

    private static string Markdown(EvaluationScore score, IReadOnlyList<EvaluatedQuestion> results)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Nightly evaluation — set `{score.Set}`, {score.EvaluatedAt:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine("| figure | value |").AppendLine("|---|---|");
        text.AppendLine($"| questions (in scope / out of scope) | {score.Questions} ({score.InScope} / {score.OutOfScope}) |");
        text.AppendLine($"| hit@1 / hit@3 / MRR | {Percent(score.HitAt1)} / {Percent(score.HitAt3)} / {score.Mrr:F3} |");
        text.AppendLine($"| answered correctly | {Percent(score.Correctness)} |");
        text.AppendLine($"| out of scope refused | {Percent(score.Refusal)} |");
        text.AppendLine($"| hallucination (out of scope answered) | {Percent(score.Hallucination)} |");
        text.AppendLine($"| errors | {score.Errors} |").AppendLine();
        text.AppendLine("| id | kind | status | correct | gold rank | error |").AppendLine("|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            text.AppendLine($"| {r.Id} | {r.Kind} | {r.Status} | {r.Correct?.ToString() ?? "–"} | {r.GoldRank?.ToString() ?? "–"} | {r.Error?.Replace('|', '/') ?? ""} |");
        }

        return text.ToString();
    }

    private static string Percent(double? value) => value is { } v ? $"{v * 100:F1} %" : "–";

    public sealed record LoadedSet(string Set, string Path, IReadOnlyList<EvalQuestion> Questions);
}
