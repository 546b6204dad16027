using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Approvals;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// The ComplianceAgent checks every sentence of the answer against the agent's contexts (the verdict is its decision,
/// <c>ComplianceAgent/Review/AnswerReviewer.cs</c>); <c>revise</c> earns exactly one more pass (reflection). A
/// <c>block</c>, a failed second pass or a <c>needs_approval</c> with no approval queue ends the question as not found.
/// </summary>
public sealed class ReviewStep(ComplianceClient compliance, ApprovalGate approvals) : IAskStep
{
    public async Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken)
    {
        var answer = run.Answer!;
        var review = await ReviewOnceAsync(run, answer.Answer, answer.Contexts, cancellationToken);
        switch (review.Verdict)
        {
            case ReviewVerdicts.Pass:
                run.Reviewed = new ReviewedAnswer(answer.Answer, ReviewVerdicts.Pass, review);
                return null;

            case ReviewVerdicts.Revise when !string.IsNullOrWhiteSpace(review.RevisedAnswer):
                var second = await ReviewOnceAsync(run, review.RevisedAnswer, answer.Contexts, cancellationToken);
                if (second.Verdict != ReviewVerdicts.Pass)
                {
                    return new AskOutcome(AnswerStatus.NotFound, AnswerSentences.Unverified, ReviewVerdict: second.Verdict);
                }

                run.Reviewed = new ReviewedAnswer(review.RevisedAnswer, ReviewVerdicts.Revise, second);
                return null;

            case ReviewVerdicts.NeedsApproval when approvals.Enabled:
                run.Reviewed = new ReviewedAnswer(answer.Answer, ReviewVerdicts.NeedsApproval, review);
                return null;

            case ReviewVerdicts.NeedsApproval:
                return new AskOutcome(AnswerStatus.NotFound, AnswerSentences.NeedsApproval, ReviewVerdict: review.Verdict);

            default: // block, or revise without a revision
                return new AskOutcome(AnswerStatus.NotFound, AnswerSentences.Unverified, ReviewVerdict: review.Verdict);
        }
    }

    private async Task<ReviewResult> ReviewOnceAsync(AskRun run, string text, IReadOnlyList<AnswerContext> contexts, CancellationToken cancellationToken)
    {
        var review = await run.Timings.TimeAsync("review", () => compliance.ReviewAsync(new ReviewRequest(run.JudgedQuestion, text, contexts), cancellationToken));
        if (review.Usage is { } reviewUsage)
        {
            run.Usages.Add(reviewUsage);
        }

        return review;
    }
}
