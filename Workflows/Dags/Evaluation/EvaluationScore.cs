using Switchboard.AgentCore.Contracts;
using Switchboard.Evaluation.Metrics;
using Switchboard.Evaluation.Questions;

namespace Switchboard.Workflows.Dags.Evaluation;

/// <summary>One question's outcome, scored with the harness's own code (AgentCore/Evaluation: Ranking, AnswerText).</summary>
public sealed record EvaluatedQuestion(string Id, string Kind, string Status, bool? Correct, int? GoldRank, string? Error);

/// <summary>The figures the nightly evaluation publishes, with the harness's definitions (Tests/Evaluation/README.md).</summary>
public sealed record EvaluationScore(
    string Set, int Questions, int InScope, int OutOfScope, double? HitAt1, double? HitAt3, double? Mrr,
    double? Correctness, double? Refusal, double? Hallucination, int Errors, DateTimeOffset EvaluatedAt)
{
    public static EvaluatedQuestion Score(EvalQuestion question, AskResponse? answer, SearchResponse? search, string? error)
    {
        if (answer is null)
        {
            return new EvaluatedQuestion(question.Id, question.Kind, "error", question.InScope ? false : null, null, error);
        }

        int? rank = question.Document is { } gold && search is not null ? Ranking.DocumentRank(search.Hits, gold) : null;
        bool? correct = question.InScope ? answer.Status == AnswerStatus.Answered && AnswerText.ContainsAny(answer.Answer, question.Expected) : null;
        return new EvaluatedQuestion(question.Id, question.Kind, answer.Status, correct, rank, error);
    }

    public static EvaluationScore Of(string set, IReadOnlyList<EvalQuestion> questions, IReadOnlyList<EvaluatedQuestion> results, DateTimeOffset now)
    {
        var inScope = results.Where(r => r.Kind == QuestionKinds.InScope).ToList();
        var outOfScope = results.Where(r => r.Kind == QuestionKinds.OutOfScope).ToList();
        var withGold = questions.Where(q => q.InScope && q.Document is not null).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var ranks = inScope.Where(r => withGold.Contains(r.Id)).Select(r => r.GoldRank).ToList();
        return new EvaluationScore(
            set, results.Count, inScope.Count, outOfScope.Count,
            Ranking.HitAt(ranks, 1), Ranking.HitAt(ranks, 3), Ranking.MeanReciprocalRank(ranks),
            Share(inScope, r => r.Correct == true),
            Share(outOfScope, r => r.Status is AnswerStatus.NotFound or AnswerStatus.Refused),
            Share(outOfScope, r => r.Status == AnswerStatus.Answered),
            results.Count(r => r.Error is not null),
            now);
    }

    private static double? Share(IReadOnlyCollection<EvaluatedQuestion> results, Func<EvaluatedQuestion, bool> predicate) =>
        results.Count == 0 ? null : (double)results.Count(predicate) / results.Count;
}
