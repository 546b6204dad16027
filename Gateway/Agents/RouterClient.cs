using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The RouterAgent: which intent a question has and which agents should answer it.</summary>
public sealed class RouterClient(HttpClient http, AgentPipelines pipelines)
{
    private readonly AgentChannel _agent = pipelines.Channel(AgentNames.Router, http);

    public async Task<RouteDecision> RouteAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        var decision = await _agent.PostAsync<RouteRequest, RouteDecision>("/route", request, cancellationToken);
        if (string.IsNullOrEmpty(decision.Intent))
        {
            throw new AgentUnavailableException(AgentNames.Router, "the route decision has no intent");
        }

        return decision with { Agents = decision.Agents ?? [] };
    }
}
