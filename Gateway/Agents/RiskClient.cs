using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The RiskAgent: a level (low, medium, high) and reasons for each answer before it leaves.</summary>
public sealed class RiskClient(HttpClient http, AgentPipelines pipelines, IConfiguration configuration)
{
    private readonly AgentChannel _agent = pipelines.Channel(AgentNames.Risk, http);

    /// <summary>
    /// Whether a RiskAgent is configured (<c>services:risk:*</c>, as the AppHost and k8s/ set it). A Gateway without one
    /// does not score answers: its approval policy then sees only intents, document tags, caller groups and the review.
    /// </summary>
    public bool Configured { get; } = configuration.GetSection($"services:{AgentNames.Risk}").GetChildren().Any();

    public async Task<RiskAssessment> AssessAsync(RiskRequest request, CancellationToken cancellationToken)
    {
        var result = await _agent.PostAsync<RiskRequest, RiskAssessment>("/assess", request, cancellationToken);
        // An unknown level must not pass as "low": risk scoring fails closed.
        if (RiskLevels.Rank(result.Level) < 0)
        {
            throw new AgentUnavailableException(AgentNames.Risk, "risk assessment returned an unknown level");
        }

        return result with { Reasons = result.Reasons ?? [] };
    }
}
