using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.ServiceDefaults.Overload;
using Switchboard.ServiceDefaults.Problems;

namespace Switchboard.Gateway.Agents;

/// <summary>The per-agent resilience pipelines, handed to each typed client as an <see cref="AgentChannel"/>.</summary>
public sealed class AgentPipelines(ResiliencePipelineProvider<string> pipelines, IOptions<AgentCallOptions> options)
{
    public AgentChannel Channel(string agent, HttpClient http) =>
        new(agent, http, pipelines.GetPipeline<HttpResponseMessage>(AgentResilience.PipelineName(agent)), options.Value.BreakDuration);
}

/// <summary>
/// One agent's HttpClient and pipeline. Every call turns each way it can fail into an <see cref="AgentCallException"/>
/// that names this agent: unreachable, 5xx, open circuit or broken contract (503 unavailable), shedding (503 busy with
/// its Retry-After), a 4xx (502 rejected, with what the agent said), the deadline (504 timed out).
/// </summary>
public sealed class AgentChannel(string agent, HttpClient http, ResiliencePipeline<HttpResponseMessage> pipeline, TimeSpan breakDuration)
{
    public string Agent { get; } = agent;

    public async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest request, CancellationToken cancellationToken)
        where TResponse : class
    {
        var call = $"POST {path}";
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(request, options: SwitchboardJson.Options) },
            call, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(call, response, cancellationToken);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<TResponse>(SwitchboardJson.Options, cancellationToken)
                   ?? throw new AgentUnavailableException(Agent, $"{call} returned an empty body");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new AgentUnavailableException(Agent, $"{call} returned a body outside the contract ({ex.GetType().Name})", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new AgentUnavailableException(Agent, $"{call} failed while reading the response ({ex.GetType().Name})", ex);
        }
        catch (OperationCanceledException ex) when (IsTimeout(cancellationToken))
        {
            throw new AgentTimeoutException(Agent, $"{call} did not finish within the request's deadline", ex);
        }
    }

    /// <summary>
    /// Sends through this agent's pipeline (a new request per attempt, so a retry can go to another replica) and returns
    /// the final response, whatever its status; transport failures, an open circuit and the deadline are thrown.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string call, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = createRequest();
                    return await http.SendAsync(request, token);
                },
                cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new AgentUnavailableException(Agent, $"{call} not sent: the circuit is open after repeated failures", ex)
            {
                RetryAfter = breakDuration,
            };
        }
        catch (HttpRequestException ex)
        {
            throw new AgentUnavailableException(Agent, $"{call} failed: {Describe(ex)}", ex);
        }
        catch (OperationCanceledException ex) when (IsTimeout(cancellationToken))
        {
            throw new AgentTimeoutException(Agent, $"{call} got no answer within the request's deadline", ex);
        }
    }

    /// <summary>What a response that is not a success means, as the exception the Gateway answers from.</summary>
    public async Task<AgentCallException> FailureAsync(string call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (AgentResilience.IsBusy(response))
        {
            var wait = RetryAfterOf(response) ?? TimeSpan.FromSeconds(1);
            return new AgentBusyException(Agent, wait, $"{call} answered {status}: busy, retry in {Seconds(wait)} s");
        }

        if (response.StatusCode is HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout)
        {
            return new AgentTimeoutException(Agent, $"{call} answered {status}: the deadline passed there");
        }

        var problem = await DownstreamProblem.ReadAsync(call, response, cancellationToken);
        return problem.IsRejection
            ? new AgentRejectedException(Agent, problem)
            : new AgentUnavailableException(Agent, problem.Reason);
    }

    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>
    /// Our cancellation token untouched means the call ended on a timeout (the deadline on the outgoing handler, or
    /// HttpClient's own); a cancelled one is a timeout only if the request's deadline passed. Otherwise the client went
    /// away, which is not the agent's fault and propagates as a cancellation.
    /// </summary>
    private static bool IsTimeout(CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested || RequestDeadline.Current?.IsExpired == true;

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "connection refused or failed",
        HttpRequestError.ResponseEnded => "connection closed before a response",
        HttpRequestError.NameResolutionError => "address not resolved",
        var error => error.ToString(),
    };

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}

/// <summary>Checks of what agents return that every client shares.</summary>
internal static class AgentHttp
{
    /// <summary>Checks the fields the Gateway relies on; JSON leaves a missing list or string null.</summary>
    public static AgentAnswer Validated(this AgentAnswer answer, string agent)
    {
        if (string.IsNullOrEmpty(answer.Status) || answer.Answer is null)
        {
            throw new AgentUnavailableException(agent, "the answer has no status or text");
        }

        return answer with { Citations = answer.Citations ?? [], Contexts = answer.Contexts ?? [] };
    }

    public static string RetryAfterHeader(TimeSpan wait) => AgentChannel.Seconds(wait).ToString(CultureInfo.InvariantCulture);
}
