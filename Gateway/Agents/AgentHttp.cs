using System.Net.Http.Json;
using System.Text.Json;
using Polly;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The JSON call every agent client makes, with every transport or contract failure turned into <see cref="AgentUnavailableException"/>.</summary>
internal static class AgentHttp
{
    public static async Task<TResponse> PostAsync<TRequest, TResponse>(
        this HttpClient http, string agent, string path, TRequest request, CancellationToken cancellationToken)
        where TResponse : class
    {
        try
        {
            using var response = await http.PostAsJsonAsync(path, request, SwitchboardJson.Options, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AgentUnavailableException(agent, $"POST {path} answered {(int)response.StatusCode}");
            }

            return await response.Content.ReadFromJsonAsync<TResponse>(SwitchboardJson.Options, cancellationToken)
                   ?? throw new AgentUnavailableException(agent, $"POST {path} returned an empty body");
        }
        catch (Exception ex) when (IsCallFailure(ex, cancellationToken))
        {
            throw new AgentUnavailableException(agent, $"POST {path} failed: {ex.GetType().Name}", ex);
        }
    }

    /// <summary>Checks the fields the Gateway relies on; JSON leaves a missing list or string null.</summary>
    public static AgentAnswer Validated(this AgentAnswer answer, string agent)
    {
        if (string.IsNullOrEmpty(answer.Status) || answer.Answer is null)
        {
            throw new AgentUnavailableException(agent, "the answer has no status or text");
        }

        return answer with { Citations = answer.Citations ?? [], Contexts = answer.Contexts ?? [] };
    }

    /// <summary>
    /// Connection failures, Polly's timeouts and open circuits, an HttpClient timeout and unreadable JSON.
    /// A cancellation the caller asked for (the client went away) is not the agent's fault and propagates.
    /// </summary>
    public static bool IsCallFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException or JsonException or NotSupportedException or ExecutionRejectedException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
