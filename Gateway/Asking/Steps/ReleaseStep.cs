using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Approvals;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// The RiskAgent scores the reviewed answer and the approval policy decides: it leaves now (<c>answered</c>, with the
/// citations its text refers to), or it waits for a person (<c>pending_approval</c>; the asker sees neither its text nor
/// its sources until it is approved). The last step: it always ends the question.
/// </summary>
public sealed class ReleaseStep(ApprovalGate approvals) : IAskStep
{
    public async Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken)
    {
        var (text, verdict, review) = run.Reviewed!;
        var citations = CitationMarkers.KeepReferenced(text, run.Answer!.Citations);
        var (risk, triggers) = await run.Timings.TimeAsync("risk", () => approvals.CheckAsync(
            run.JudgedQuestion, text, citations, run.Route?.Intent, verdict, review, run.Caller, cancellationToken));
        run.Risk = risk;
        if (risk?.Usage is { } riskUsage)
        {
            run.Usages.Add(riskUsage);
        }

        if (triggers.Count == 0)
        {
            return new AskOutcome(AnswerStatus.Answered, text, citations, verdict);
        }

        run.Held = new HeldAnswer(text, citations, triggers);
        return new AskOutcome(AnswerStatus.PendingApproval, AnswerSentences.PendingApproval, ReviewVerdict: verdict);
    }
}
