using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The ReportingAgent: answers usage, cost and latency questions from the ledger.</summary>
public sealed class ReportingClient(HttpClient http, AgentPipelines pipelines) : IAnsweringAgent
{
    private readonly AgentChannel _agent = pipelines.Channel(AgentNames.Reporting, http);

    public string Name => AgentNames.Reporting;

    public async Task<AgentAnswer> AnswerAsync(AgentAnswerRequest request, CancellationToken cancellationToken) =>
        (await _agent.PostAsync<AgentAnswerRequest, AgentAnswer>("/answer", request, cancellationToken)).Validated(Name);

    /// <summary>
    /// <c>GET</c> of one of the agent's reports (<c>/reports/...</c> with its query), returned whatever its status so the
    /// caller can pass a 2xx or 4xx on; a 5xx, shedding or the deadline are thrown as for any agent call.
    /// </summary>
    public async Task<HttpResponseMessage> GetReportAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var call = $"GET {pathAndQuery.Split('?')[0]}";
        var response = await _agent.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, pathAndQuery), call, cancellationToken);
        if ((int)response.StatusCode >= 500 || AgentResilience.IsBusy(response))
        {
            using (response)
            {
                throw await _agent.FailureAsync(call, response, cancellationToken);
            }
        }

        return response;
    }
}
