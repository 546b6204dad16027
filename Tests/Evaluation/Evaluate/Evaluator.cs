using Switchboard.AgentCore.Contracts;
using Switchboard.Evaluation.Metrics;
using Switchboard.Evaluation.Questions;

namespace Switchboard.Evaluation.Evaluate;

/// <summary>What <c>evaluate</c> runs on.</summary>
public sealed record EvaluationSettings(
    Uri Gateway,
    IReadOnlyList<string> Documents,
    string QuestionsFile,
    string Label,
    int SearchTopK = 10,
    TimeSpan? IngestTimeout = null);

/// <summary>
/// Ingests the documents through the Gateway, asks every question through <c>POST /v1/ask</c>, searches every in-scope
/// question through <c>POST /v1/search</c> for hit@k, and summarises it all in an <see cref="EvaluationReport"/>.
/// Questions run one after another, so the latencies are those of an unloaded stack.
/// </summary>
public sealed class Evaluator(GatewayClient gateway, TextWriter log)
{
    public async Task<EvaluationReport> RunAsync(EvaluationSettings settings, CancellationToken cancellationToken)
    {
        var questions = QuestionSet.Load(settings.QuestionsFile);
        log.WriteLine($"[{settings.Label}] ingesting {string.Join(", ", settings.Documents)} through {settings.Gateway}");
        var documents = await new DocumentIngestion(gateway, log).EnsureAsync(
            DocumentIngestion.DocumentFiles(settings.Documents), settings.IngestTimeout ?? TimeSpan.FromMinutes(5), cancellationToken);

        log.WriteLine($"[{settings.Label}] asking {questions.Count} questions");
        var results = new List<QuestionResult>();
        foreach (var question in questions)
        {
            results.Add(await EvaluateAsync(question, settings.SearchTopK, cancellationToken));
        }

        var report = EvaluationReport.Build(settings.Label, settings.Gateway.ToString(), settings.QuestionsFile, settings.SearchTopK, documents, results);
        log.WriteLine($"[{settings.Label}] hit@3 {Show(report.Retrieval.HitAt3)}, correct {Show(report.Answers.InScopeCorrectRate)}, " +
                      $"hallucination {Show(report.Answers.HallucinationRate)}, p50 total {report.Latency.GetValueOrDefault("total")?.P50Ms:0} ms");
        return report;
    }

    private async Task<QuestionResult> EvaluateAsync(EvalQuestion question, int topK, CancellationToken cancellationToken)
    {
        var ask = await gateway.AskAsync(question.Question, cancellationToken);
        var answer = ask.Value;
        var status = answer?.Status ?? HarnessStatus.Error;

        int? goldRank = null, locationRank = null;
        double? searchMs = null;
        string? error = ask.Error;
        if (question.InScope && question.Document is { } gold)
        {
            var search = await gateway.SearchAsync(question.Question, topK, cancellationToken);
            searchMs = search.ElapsedMs;
            if (search.Value is { } hits)
            {
                goldRank = Ranking.DocumentRank(hits.Hits, gold);
                locationRank = question.HasLocation ? Ranking.LocationRank(hits.Hits, gold, question.Page, question.Row) : null;
            }
            else
            {
                error = error is null ? $"search: {search.Error}" : $"{error}; search: {search.Error}";
            }
        }

        var answered = status == AnswerStatus.Answered;
        bool? correct = question.InScope ? answered && AnswerText.ContainsAny(answer!.Answer, question.Expected) : null;
        bool? citedGold = question.InScope && question.Document is { } document && answered
            ? answer!.Citations.Any(c => Ranking.CitesGold(c, document, question.Page, question.Row))
            : null;

        return new QuestionResult(
            question.Id, question.Kind, question.Source, question.Task, question.Question, status, answer?.Answer, correct, citedGold, goldRank, locationRank,
            question.InScope && question.Document is not null, question.InScope && question.HasLocation,
            answer?.Timings ?? new Dictionary<string, double>(), ask.ElapsedMs, searchMs, error);
    }

    private static string Show(double? rate) => rate is { } value ? ExitCriteria.Percent(value, 1) : "n/a";
}
