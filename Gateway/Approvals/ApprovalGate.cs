using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// The last step before an answer leaves: the RiskAgent scores it (when one is configured), and the
/// <see cref="ApprovalPolicy"/> says whether it waits for a person. Called by the ask flow for every reviewed answer.
/// </summary>
public sealed class ApprovalGate(RiskClient risk, ApprovalPolicy policy, IOptionsMonitor<ApprovalOptions> options, TimeProvider time)
{
    /// <summary>Whether held answers go to the queue (else a <c>needs_approval</c> review becomes <c>not_found</c>).</summary>
    public bool Enabled => policy.Enabled;

    public async Task<(RiskAssessment? Risk, IReadOnlyList<string> Triggers)> CheckAsync(
        string question, string answer, IReadOnlyList<Citation> citations, string? intent, string reviewVerdict, ReviewResult review,
        Caller caller, CancellationToken cancellationToken)
    {
        RiskAssessment? assessment = null;
        if (risk.Configured)
        {
            var supports = review.Sentences?.Where(s => s is { Supported: true }).Select(s => s.Support).ToList() ?? [];
            assessment = await risk.AssessAsync(
                new RiskRequest(question, answer, citations, intent, reviewVerdict, supports.Count == 0 ? null : supports.Min(), review.SourceFindings),
                cancellationToken);
        }

        return (assessment, await policy.TriggersAsync(assessment, intent, citations, caller, reviewVerdict));
    }

    /// <summary>The queue item for a held answer, expiring <c>MaxAge</c> from now.</summary>
    public ApprovalItem NewItem(
        string answerId, string question, string answer, IReadOnlyList<Citation> citations, string? intent, string? reviewVerdict,
        RiskAssessment? assessment, IReadOnlyList<string> triggers, string? traceId)
    {
        var now = time.GetUtcNow();
        return new ApprovalItem(answerId, question, answer, citations, intent, reviewVerdict, assessment, triggers, now, now + options.CurrentValue.MaxAge)
        {
            TraceId = traceId,
        };
    }
}
