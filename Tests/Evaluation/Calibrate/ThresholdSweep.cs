using Switchboard.Evaluation.Metrics;
using Switchboard.Evaluation.Questions;

namespace Switchboard.Evaluation.Calibrate;

/// <summary>One labelled question with the evidence the RetrievalAgent found for it.</summary>
public sealed record EvidenceSample(string Id, string Kind, double Evidence, string? BestDocument, string? GoldDocument, string CurrentStatus)
{
    /// <summary>In scope, and the best candidate is the gold document (or no gold document is labelled).</summary>
    public bool BestIsGold => Kind == QuestionKinds.InScope && (GoldDocument is null || (BestDocument is not null && Ranking.SameDocument(BestDocument, GoldDocument)));
}

/// <summary>
/// What answering exactly when evidence >= <see cref="Threshold"/> would do on the labelled set: in-scope questions answered
/// from the gold document (correct) or another one (wrong), and out-of-scope questions answered (false answers).
/// </summary>
public sealed record ThresholdCandidate(
    double Threshold, int InScopeCorrect, int InScopeWrong, int InScopeDeclined, int OutOfScopeFalseAnswers, double FalseAnswerRate, bool Feasible);

/// <summary>
/// The not-found threshold from data: every distinct evidence value is a candidate (plus one just above the largest, which
/// answers nothing and is always feasible). The chosen one maximises correct in-scope answers among the candidates whose
/// out-of-scope false-answer rate is at most the limit; ties go to fewer false answers, then to the higher threshold (the
/// more conservative of two equally good choices).
/// </summary>
public static class ThresholdSweep
{
    public static IReadOnlyList<ThresholdCandidate> Candidates(IReadOnlyList<EvidenceSample> samples, double maxFalseAnswerRate)
    {
        var outOfScope = samples.Where(s => s.Kind is QuestionKinds.OutOfScope or QuestionKinds.Unanswerable).ToList();
        var inScope = samples.Where(s => s.Kind == QuestionKinds.InScope).ToList();
        var thresholds = samples.Select(s => s.Evidence).Distinct().Order().ToList();
        thresholds.Add(thresholds.Count == 0 ? 0 : Math.BitIncrement(thresholds[^1]));

        return thresholds.Select(t =>
        {
            var correct = inScope.Count(s => s.Evidence >= t && s.BestIsGold);
            var wrong = inScope.Count(s => s.Evidence >= t && !s.BestIsGold);
            var falseAnswers = outOfScope.Count(s => s.Evidence >= t);
            var rate = outOfScope.Count == 0 ? 0 : falseAnswers / (double)outOfScope.Count;
            return new ThresholdCandidate(t, correct, wrong, inScope.Count - correct - wrong, falseAnswers, rate, rate <= maxFalseAnswerRate);
        }).ToList();
    }

    public static ThresholdCandidate Best(IReadOnlyList<ThresholdCandidate> candidates) =>
        candidates.Where(c => c.Feasible)
            .OrderByDescending(c => c.InScopeCorrect)
            .ThenBy(c => c.OutOfScopeFalseAnswers)
            .ThenByDescending(c => c.Threshold)
            .First();
}
