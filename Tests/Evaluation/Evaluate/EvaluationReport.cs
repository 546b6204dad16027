using Switchboard.AgentCore.Contracts;
using Switchboard.Evaluation.Metrics;
using Switchboard.Evaluation.Questions;

namespace Switchboard.Evaluation.Evaluate;

/// <summary>Retrieval of the gold source through <c>/v1/search</c>: document level, and page/row level where labelled.</summary>
public sealed record RetrievalMetrics(
    int Questions, double? HitAt1, double? HitAt3, double? Mrr,
    int LocationQuestions, double? LocationHitAt1, double? LocationHitAt3, double? LocationMrr);

/// <summary>
/// Answer outcomes. Rates are shares of the in-scope or out-of-scope questions; <see cref="CorrectWhenAnswered"/> is the
/// share of answered in-scope questions that were correct; <see cref="CitedGoldRate"/> the share of answered in-scope
/// questions with at least one citation of the gold source.
/// </summary>
public sealed record AnswerMetrics(
    int InScope, int OutOfScope,
    double? InScopeAnsweredRate, double? InScopeCorrectRate, double? CorrectWhenAnswered, double? CitedGoldRate,
    double? OutOfScopeRefusalRate, double? HallucinationRate, int Errors,
    int Unanswerable = 0, double? UnanswerableRefusalRate = null, double? WrongAnswerRate = null);

/// <summary>
/// The right outcome within one group of questions (<c>kind</c>, <c>source</c>, <c>task</c>, or source and kind together):
/// in scope answered correctly, out of scope and unanswerable refused; <see cref="Answered"/> is the share answered.
/// </summary>
public sealed record GroupMetrics(string Dimension, string Value, int Questions, double Right, double Answered);

public sealed record LatencyStats(int Count, double P50Ms, double P95Ms);

/// <summary>Everything <c>evaluate</c> found, written as report.json (and rendered as report.md).</summary>
public sealed record EvaluationReport(
    string Label,
    string Gateway,
    string QuestionsFile,
    int SearchTopK,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<IngestedDocument> Documents,
    RetrievalMetrics Retrieval,
    AnswerMetrics Answers,
    IReadOnlyDictionary<string, LatencyStats> Latency,
    IReadOnlyList<CriterionResult> Criteria,
    IReadOnlyList<QuestionResult> Questions,
    IReadOnlyList<GroupMetrics>? Groups = null)
{
    /// <summary>The harness's own wall-clock view of each call, next to the Gateway's stage timings.</summary>
    public const string ClientAskStage = "client.ask";
    public const string ClientSearchStage = "client.search";

    public static EvaluationReport Build(
        string label, string gateway, string questionsFile, int searchTopK,
        IReadOnlyList<IngestedDocument> documents, IReadOnlyList<QuestionResult> results)
    {
        var inScope = results.Where(r => r.Kind == QuestionKinds.InScope).ToList();
        var outOfScope = results.Where(r => r.Kind == QuestionKinds.OutOfScope).ToList();
        var unanswerable = results.Where(r => r.Kind == QuestionKinds.Unanswerable).ToList();
        var answered = results.Where(r => r.Status == AnswerStatus.Answered).ToList();

        var ranks = inScope.Where(r => r.HasGoldDocument).Select(r => r.GoldRank).ToList();
        var locationRanks = inScope.Where(r => r.HasLocation).Select(r => r.LocationRank).ToList();
        var retrieval = new RetrievalMetrics(
            ranks.Count, Ranking.HitAt(ranks, 1), Ranking.HitAt(ranks, 3), Ranking.MeanReciprocalRank(ranks),
            locationRanks.Count, Ranking.HitAt(locationRanks, 1), Ranking.HitAt(locationRanks, 3), Ranking.MeanReciprocalRank(locationRanks));

        var answeredInScope = inScope.Where(r => r.Status == AnswerStatus.Answered).ToList();
        var answers = new AnswerMetrics(
            inScope.Count,
            outOfScope.Count,
            Share(inScope, r => r.Status == AnswerStatus.Answered),
            Share(inScope, r => r.Correct == true),
            Share(answeredInScope, r => r.Correct == true),
            Share(answeredInScope.Where(r => r.HasGoldDocument).ToList(), r => r.CitedGold == true),
            Share(outOfScope, r => r.Status is AnswerStatus.NotFound or AnswerStatus.Refused),
            Share(outOfScope, r => r.Status == AnswerStatus.Answered),
            results.Count(r => r.Error is not null),
            unanswerable.Count,
            Share(unanswerable, r => r.Status is AnswerStatus.NotFound or AnswerStatus.Refused),
            Share(answered, r => !r.IsRight()));

        var latency = LatencyByStage(results);
        var criteria = ExitCriteria.Judge(
            answers.InScopeCorrectRate, answers.OutOfScopeRefusalRate, retrieval.HitAt3, answers.HallucinationRate,
            latency.TryGetValue("total", out var total) ? total.P50Ms : null);

        return new EvaluationReport(label, gateway, questionsFile, searchTopK, DateTimeOffset.UtcNow, documents, retrieval, answers, latency, criteria, results,
            GroupsOf(results));
    }

    /// <summary>The right-outcome rate by kind, source, task and source × kind, so every part of a set is visible.</summary>
    public static IReadOnlyList<GroupMetrics> GroupsOf(IReadOnlyList<QuestionResult> results)
    {
        var dimensions = new (string Name, Func<QuestionResult, string?> Key)[]
        {
            ("kind", r => r.Kind),
            ("source", r => r.Source),
            ("source/kind", r => r.Source is null ? null : $"{r.Source}/{r.Kind}"),
            ("task", r => r.Task),
        };
        return dimensions
            .SelectMany(d => results.Where(r => d.Key(r) is not null).GroupBy(r => d.Key(r)!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GroupMetrics(d.Name, g.Key, g.Count(),
                    g.Count(r => r.IsRight()) / (double)g.Count(),
                    g.Count(r => r.Status == AnswerStatus.Answered) / (double)g.Count())))
            .ToList();
    }

    /// <summary>The group's right-outcome rate, or null when the set has no such question.</summary>
    public double? RightRate(string dimension, string value) =>
        Groups?.FirstOrDefault(g => g.Dimension == dimension && g.Value == value)?.Right;

    /// <summary>p50/p95 of every stage the Gateway reported (screen, route, retrieval, review, total, ...) and of the client calls.</summary>
    public static IReadOnlyDictionary<string, LatencyStats> LatencyByStage(IReadOnlyList<QuestionResult> results)
    {
        var samples = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            foreach (var (stage, ms) in result.Timings)
            {
                Add(stage, ms);
            }

            if (result.Status != HarnessStatus.Error)
            {
                Add(ClientAskStage, result.AskMs);
            }

            if (result.SearchMs is { } search)
            {
                Add(ClientSearchStage, search);
            }
        }

        return samples.ToDictionary(
            pair => pair.Key,
            pair => new LatencyStats(pair.Value.Count, Round(Percentiles.Of(pair.Value, 50)!.Value), Round(Percentiles.Of(pair.Value, 95)!.Value)));

        void Add(string stage, double ms)
        {
            if (!samples.TryGetValue(stage, out var list))
            {
                samples[stage] = list = [];
            }

            list.Add(ms);
        }
    }

    private static double? Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? null : items.Count(predicate) / (double)items.Count;

    private static double Round(double value) => Math.Round(value, 1);
}
