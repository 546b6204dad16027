namespace Switchboard.Evaluation.Evaluate;

/// <summary>
/// What happened to one question. <see cref="GoldRank"/> is the 1-based rank of the gold document among the
/// <c>/v1/search</c> hits (null: not in the top k, or no gold document labelled); <see cref="LocationRank"/> the same for
/// the gold page/row. <see cref="Correct"/> is set for in-scope questions only.
/// </summary>
public sealed record QuestionResult(
    string Id,
    string Kind,
    string? Source,
    string? Task,
    string Question,
    string Status,
    string? Answer,
    bool? Correct,
    bool? CitedGold,
    int? GoldRank,
    int? LocationRank,
    bool HasGoldDocument,
    bool HasLocation,
    IReadOnlyDictionary<string, double> Timings,
    double AskMs,
    double? SearchMs,
    string? Error);

public static class QuestionResultExtensions
{
    /// <summary>
    /// Whether the outcome is the right one: an in-scope question answered correctly, an out-of-scope or unanswerable
    /// one refused (<c>not_found</c>/<c>refused</c>).
    /// </summary>
    public static bool IsRight(this QuestionResult result) =>
        result.Kind == Questions.QuestionKinds.InScope
            ? result.Correct == true
            : result.Status is AgentCore.Contracts.AnswerStatus.NotFound or AgentCore.Contracts.AnswerStatus.Refused;
}

/// <summary>The status the harness records when the Gateway did not answer 200 (it counts as "not answered").</summary>
public static class HarnessStatus
{
    public const string Error = "error";
}
