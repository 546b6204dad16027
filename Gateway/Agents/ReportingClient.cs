using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The ReportingAgent: answers usage, cost and latency questions from the ledger.</summary>
public sealed class ReportingClient(HttpClient http, AgentPipelines pipelines) : IAnsweringAgent
{
    private readonly AgentChannel _agent = pipelines.Channel(AgentNames.Reporting, http);

    public string Name => AgentNames.Reporting;

    public async Task<AgentAnswer> AnswerAsync(AgentAnswerRequest request, CancellationToken cancellationToken) =>
        (await _agent.PostAsync<AgentAnswerRequest, AgentAnswer>("/answer", request, cancellationToken)).Validated(Name);
}
