using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The ComplianceAgent: input screening before anything else runs, answer review after.</summary>
public sealed class ComplianceClient(HttpClient http, AgentPipelines pipelines)
{
    private static readonly string[] ScreenVerdictValues = [ScreenVerdicts.Allow, ScreenVerdicts.Redact, ScreenVerdicts.Refuse];
    private static readonly string[] ReviewVerdictValues =
        [ReviewVerdicts.Pass, ReviewVerdicts.Revise, ReviewVerdicts.Block, ReviewVerdicts.NeedsApproval];

    private readonly AgentChannel _agent = pipelines.Channel(AgentNames.Compliance, http);

    public async Task<ScreenResult> ScreenAsync(ScreenRequest request, CancellationToken cancellationToken)
    {
        var result = await _agent.PostAsync<ScreenRequest, ScreenResult>("/screen", request, cancellationToken);
        // An unknown verdict must not be read as "allow": screening fails closed.
        if (!ScreenVerdictValues.Contains(result.Verdict))
        {
            throw new AgentUnavailableException(AgentNames.Compliance, "screening returned an unknown verdict");
        }

        return result with { Findings = result.Findings ?? [] };
    }

    public async Task<ReviewResult> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken)
    {
        var result = await _agent.PostAsync<ReviewRequest, ReviewResult>("/review", request, cancellationToken);
        if (!ReviewVerdictValues.Contains(result.Verdict))
        {
            throw new AgentUnavailableException(AgentNames.Compliance, "review returned an unknown verdict");
        }

        return result;
    }
}
