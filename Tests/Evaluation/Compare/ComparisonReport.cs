using Switchboard.Evaluation.Evaluate;

namespace Switchboard.Evaluation.Compare;

/// <summary>
/// Two <c>evaluate</c> runs of the same set against stacks that differ only in <c>Retrieval:Search:Mode</c>.
/// <see cref="IdenticalRankings"/> is true when every question's gold rank came out the same in both, which is also what
/// a RetrievalAgent that ignores the mode setting would produce.
/// </summary>
public sealed record ComparisonReport(
    string Left,
    string Right,
    DateTimeOffset GeneratedAt,
    double? LeftHitAt3,
    double? RightHitAt3,
    bool LeftNotWorseOnHitAt3,
    bool IdenticalRankings,
    EvaluationReport LeftReport,
    EvaluationReport RightReport)
{
    public static ComparisonReport Build(EvaluationReport left, EvaluationReport right)
    {
        var rightRanks = right.Questions.ToDictionary(q => q.Id, q => (q.GoldRank, q.LocationRank));
        var identical = left.Questions.All(q => rightRanks.TryGetValue(q.Id, out var r) && r == (q.GoldRank, q.LocationRank));
        return new ComparisonReport(
            left.Label, right.Label, DateTimeOffset.UtcNow,
            left.Retrieval.HitAt3, right.Retrieval.HitAt3,
            (left.Retrieval.HitAt3 ?? 0) >= (right.Retrieval.HitAt3 ?? 0),
            identical, left, right);
    }
}
