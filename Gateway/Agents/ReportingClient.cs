using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The ReportingAgent: answers usage, cost and latency questions from the ledger.</summary>
public sealed class ReportingClient(HttpClient http) : IAnsweringAgent
{
    public string Name => AgentNames.Reporting;

    public async Task<AgentAnswer> AnswerAsync(AgentAnswerRequest request, CancellationToken cancellationToken) =>
        (await http.PostAsync<AgentAnswerRequest, AgentAnswer>(Name, "/answer", request, cancellationToken)).Validated(Name);
}
