using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Switchboard.ServiceDefaults.Overload;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// The resilience pipeline of the calls to ONE agent, named <c>agent-&lt;name&gt;</c>: a circuit breaker of its own
/// around a retry of connection failures only. This file owns the Gateway's retry and breaker decisions.
/// </summary>
/// <remarks>
/// <para><b>Retry</b> only when no response can have been produced: the connection was refused or reset before an
/// answer (a replica that died). Each attempt goes through service discovery again, whose round robin sends it to the
/// next address of <c>services:&lt;agent&gt;:http:*</c>, so a second replica takes over. Agent calls are idempotent
/// (screen, route, answer, review, search, delete). Never retried: a call the deadline cut short (retrying would
/// multiply load exactly when the agent is slow), a 503/429 from an agent shedding load (it said when to come back),
/// any other status. No retry starts with less of the deadline left than its delay.</para>
/// <para><b>Breaker</b> outside the retry, so a call rescued by another replica counts as a success; failures are
/// connection errors and 5xx other than "busy" (503 with Retry-After) and 504 (the deadline, not the agent's health).
/// A short break (<see cref="AgentCallOptions.BreakDuration"/>, 1 s) then one half-open probe: the circuit closes as
/// soon as the agent answers again.</para>
/// </remarks>
public static class AgentResilience
{
    public static string PipelineName(string agent) => $"agent-{agent}";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, AgentCallOptions options)
    {
        pipeline
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "breaker",
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsAgentFailure(args.Outcome)),
            })
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "connection-retry",
                MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    options.MaxRetryAttempts > 0
                    && args.Outcome.Exception is HttpRequestException failure
                    && IsConnectionFailure(failure)
                    && HasTimeLeftFor(options.RetryDelay)),
            });
    }

    /// <summary>Refused, or reset/ended before any response: the request cannot have been answered.</summary>
    public static bool IsConnectionFailure(HttpRequestException failure) =>
        failure.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded
        || FindSocketError(failure) is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted;

    /// <summary>What counts against the agent's circuit.</summary>
    public static bool IsAgentFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500
                                    && response.StatusCode != HttpStatusCode.GatewayTimeout
                                    && !IsBusy(response),
        _ => false,
    };

    /// <summary>The agent shed the call and said when to come back: 503 or 429 with Retry-After (429 always counts).</summary>
    public static bool IsBusy(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null;

    private static bool HasTimeLeftFor(TimeSpan delay) => RequestDeadline.Current is not { } deadline || deadline.Remaining > delay;

    private static SocketError? FindSocketError(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
