using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// The workflow service (<c>http://workflows</c>) behind <c>/v1/workflows</c>: each call goes through its own resilience
/// pipeline like every agent call, and its answer (status and JSON, ProblemDetails included) is passed on as it is.
/// </summary>
public sealed class WorkflowsClient(HttpClient http, AgentPipelines pipelines)
{
    /// <summary>Who asked for a manual run, as the Gateway resolved the caller; the workflow service records it.</summary>
    public const string TriggeredByHeader = "Switchboard-Triggered-By";

    private readonly AgentChannel _channel = pipelines.Channel(AgentNames.Workflows, http);

    public Task<ProxiedResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ProxiedResponse> PostAsync(string path, string triggeredBy, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, triggeredBy, cancellationToken);

    private async Task<ProxiedResponse> SendAsync(HttpMethod method, string path, string? triggeredBy, CancellationToken cancellationToken)
    {
        using var response = await _channel.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, path);
                if (triggeredBy is not null)
                {
                    request.Headers.TryAddWithoutValidation(TriggeredByHeader, triggeredBy);
                }

                return request;
            },
            $"{method} {path}",
            cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            throw await _channel.FailureAsync($"{method} {path}", response, cancellationToken);
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ProxiedResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "application/json", body,
            response.Headers.Location?.ToString());
    }
}

public sealed record ProxiedResponse(int Status, string ContentType, string Body, string? Location);
