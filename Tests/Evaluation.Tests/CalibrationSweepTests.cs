using Switchboard.Evaluation.Calibrate;
using Switchboard.Evaluation.Questions;

namespace Switchboard.Evaluation.Tests;

public sealed class CalibrationSweepTests
{
    private static EvidenceSample In(string id, double evidence, string best = "gold.md") =>
        new(id, QuestionKinds.InScope, evidence, best, "gold.md", "answered");

    private static EvidenceSample Out(string id, double evidence) =>
        new(id, QuestionKinds.OutOfScope, evidence, "other.md", null, "not_found");

    [Fact]
    public void Best_threshold_maximises_correct_answers_within_the_false_answer_limit()
    {
        // 20 out-of-scope questions: 5% allows exactly one false answer.
        var samples = new List<EvidenceSample> { In("i1", 0.9), In("i2", 0.8), In("i3", 0.6), In("i4", 0.4), In("i5", 0.7, best: "wrong.md") };
        samples.AddRange(Enumerable.Range(0, 18).Select(i => Out($"o{i}", 0.1)));
        samples.Add(Out("o-high", 0.65));
        samples.Add(Out("o-higher", 0.5));

        var candidates = ThresholdSweep.Candidates(samples, maxFalseAnswerRate: 0.05);
        var best = ThresholdSweep.Best(candidates);

        // t = 0.5 also answers o-higher: 2 of 20 = 10%, over the limit. t = 0.6 answers i3 at the price of o-high (5%).
        Assert.False(candidates.Single(c => c.Threshold == 0.5).Feasible);
        Assert.Equal(0.6, best.Threshold);
        Assert.Equal(3, best.InScopeCorrect);   // i1, i2, i3
        Assert.Equal(1, best.InScopeWrong);     // i5 answered from the wrong document
        Assert.Equal(1, best.InScopeDeclined);  // i4
        Assert.Equal(1, best.OutOfScopeFalseAnswers);
        Assert.Equal(0.05, best.FalseAnswerRate);

        // With no false answer allowed, i3 is given up; 0.7 and 0.8 tie on (2 correct, 0 false) and the higher one wins,
        // which also stops the wrong-document answer i5.
        var strict = ThresholdSweep.Best(ThresholdSweep.Candidates(samples, maxFalseAnswerRate: 0));
        Assert.Equal(0.8, strict.Threshold);
        Assert.Equal(0, strict.InScopeWrong);
        Assert.Equal(2, strict.InScopeCorrect);
        Assert.Equal(0, strict.OutOfScopeFalseAnswers);
    }

    [Fact]
    public void Every_distinct_evidence_value_is_a_candidate_plus_one_that_answers_nothing()
    {
        var samples = new[] { In("i1", 0.5), In("i2", 0.5), Out("o1", 0.3) };

        var candidates = ThresholdSweep.Candidates(samples, 0.05);

        Assert.Equal(3, candidates.Count);
        Assert.Equal([0.3, 0.5], candidates.Take(2).Select(c => c.Threshold));
        var nothing = candidates[^1];
        Assert.True(nothing.Threshold > 0.5);
        Assert.Equal(0, nothing.InScopeCorrect + nothing.OutOfScopeFalseAnswers);
        Assert.True(nothing.Feasible);
    }

    [Fact]
    public void Ties_go_to_fewer_false_answers_then_to_the_higher_threshold()
    {
        // No out-of-scope questions: every candidate is feasible, and the lowest threshold that gains a correct answer wins.
        var samples = new[] { In("i1", 0.9), In("i2", 0.7), In("w", 0.8, best: "wrong.md") };

        var best = ThresholdSweep.Best(ThresholdSweep.Candidates(samples, 0.0));

        Assert.Equal(0.7, best.Threshold);
        Assert.Equal(2, best.InScopeCorrect);

        // 0.4, 0.5 and 0.9 all answer i1 correctly with no false answer: the most conservative one is chosen.
        var tied = new[] { In("i1", 0.9), In("w1", 0.5, best: "wrong.md"), In("w2", 0.4, best: "wrong.md") };
        Assert.Equal(0.9, ThresholdSweep.Best(ThresholdSweep.Candidates(tied, 0.0)).Threshold);
    }

    [Fact]
    public void When_every_out_of_scope_question_scores_higher_nothing_is_answered()
    {
        var samples = new[] { In("i1", 0.3), Out("o1", 0.9) };

        var best = ThresholdSweep.Best(ThresholdSweep.Candidates(samples, 0.05));

        Assert.Equal(0, best.InScopeCorrect);
        Assert.True(best.Threshold > 0.9);
        Assert.StartsWith("Retrieval__Answer__MinEvidence=0.9", CalibrationReport.ConfigurationFor(best.Threshold));
    }
}
