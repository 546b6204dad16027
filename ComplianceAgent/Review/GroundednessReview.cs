using Switchboard.AgentCore.Contracts;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>
/// The review <c>/review</c> runs: the lexical <see cref="AnswerReviewer"/>, and with <c>Compliance:Review:Judge=Llm</c>
/// the <see cref="LlmGroundednessJudge"/> too. Combined conservatively: a sentence is supported only when both say so,
/// since each catches what the other misses (the lexical check a changed number, the judge a reversed statement made of
/// the context's own words). When the judge fails the lexical verdict stands unchanged.
/// </summary>
public sealed class GroundednessReview(AnswerReviewer lexical, LlmGroundednessJudge? judge = null)
{
    public async Task<ReviewResult> ReviewAsync(string answer, IReadOnlyList<AnswerContext> contexts, CancellationToken cancellationToken)
    {
        var result = lexical.Review(answer, contexts);
        var sentences = QuotedSentences.Split(answer, contexts);
        // Nothing passed lexically: the judge cannot raise a verdict, only lower one, so it would be a wasted call.
        if (judge is null || sentences.Count == 0 || sentences.Count != result.Sentences.Count || !result.Sentences.Any(s => s.Supported))
        {
            return result;
        }

        if (await judge.JudgeAsync(sentences, contexts, cancellationToken) is not { } judged)
        {
            return result;
        }

        var reviews = result.Sentences.Select((r, i) => r with { Supported = r.Supported && judged.Supported[i] }).ToList();
        var problems = result.Reason is null ? new List<string>() : [result.Reason];
        var rejected = reviews.Select((r, i) => (r, i)).Where(x => result.Sentences[x.i].Supported && !x.r.Supported).Select(x => x.i + 1).ToList();
        if (rejected.Count > 0)
        {
            problems.Add($"the groundedness judge found sentence(s) {string.Join(", ", rejected)} not supported by their cited contexts");
        }

        return AnswerReviewer.Decide(sentences, reviews, problems) with { Usage = judged.Usage };
    }
}
