using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// The resilience pipeline of one API's HttpClient, outermost first:
/// <list type="number">
/// <item>total timeout: bounds the whole call, queueing and Retry-After waits included, so nothing waits unbounded;</item>
/// <item>concurrency limiter with a bounded queue: at most MaxConcurrency calls in flight, QueueLimit waiting, the
/// rest rejected at once. It sits outside the retry, so a call keeps its slot while it waits out a Retry-After and a
/// throttling API is not hit by the next queued call meanwhile;</item>
/// <item>retry: exponential backoff with jitter, or exactly the server's Retry-After on 429/503;</item>
/// <item>circuit breaker: inside the retry, so every attempt counts and an open circuit stops the retries too;</item>
/// <item>attempt timeout.</item>
/// </list>
/// </summary>
internal static partial class RestApiResilience
{
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        RestApiDefinition api,
        RestApiRuntime.ApiState state,
        TimeProvider time,
        ILogger logger)
    {
        var o = api.Options;
        builder
            .AddTimeout(new TimeoutStrategyOptions { Name = "total-timeout", Timeout = o.TotalTimeout })
            .AddRateLimiter(state.Limiter);

        // MaxAttempts 1 means no retry strategy at all (Polly rejects zero retries).
        if (o.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = Math.Max(o.Retry.MaxAttempts - 1, 0),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.Retry.BaseDelay,
                MaxDelay = o.Retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, o.Retry.MaxRetryAfter, time)),
                // Polly's MaxDelay does not cap a generated delay: the server's Retry-After is honoured exactly, and
                // ShouldRetry has already refused the ones longer than MaxRetryAfter.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response && RetryAfter.IsThrottling(response.StatusCode)
                        ? RetryAfter.From(response, time)
                        : null),
                OnRetry = args =>
                {
                    LogRetry(logger, api.Name, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : args.Outcome.Exception?.GetType().Name ?? "unknown");
                    return default;
                },
            });
        }

        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "circuit-breaker",
                FailureRatio = o.CircuitBreaker.FailureRatio,
                MinimumThroughput = o.CircuitBreaker.MinimumThroughput,
                SamplingDuration = o.CircuitBreaker.SamplingDuration,
                BreakDuration = o.CircuitBreaker.BreakDuration,
                StateProvider = state.Circuit,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
                OnOpened = args =>
                {
                    LogCircuitOpened(logger, api.Name, args.BreakDuration.TotalSeconds);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    LogCircuitHalfOpened(logger, api.Name);
                    return default;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(logger, api.Name);
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = "attempt-timeout", Timeout = o.Timeout });
    }

    /// <summary>
    /// 429 and 503 are retried for every method (the server did not process the request), but only while the
    /// Retry-After, if any, is within <paramref name="maxRetryAfter"/>. 408, 500, 502, 504, timeouts and network errors
    /// are retried only for idempotent methods: a POST may have been processed before the failure.
    /// </summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter, TimeProvider time)
    {
        var method = outcome.Result?.RequestMessage?.Method ?? context.GetRequestMessage()?.Method ?? HttpMethod.Get;
        var idempotent = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
            || method == HttpMethod.Delete || method == HttpMethod.Options;
        return outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => idempotent,
            { Result: { } r } when RetryAfter.IsThrottling(r.StatusCode) => RetryAfter.From(r, time) is not { } wait || wait <= maxRetryAfter,
            { Result: { } r } => idempotent && r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError
                or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout,
            _ => false,
        };
    }

    /// <summary>What counts against the circuit: server errors, throttling, timeouts, network errors. 4xx do not.</summary>
    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } r } => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool API {Api}: attempt {Attempt} failed ({Outcome}); retrying in {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, string api, int attempt, double delayMs, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool API {Api}: circuit opened for {BreakSeconds:F1} s; calls fail fast until then")]
    private static partial void LogCircuitOpened(ILogger logger, string api, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool API {Api}: circuit half-open; one trial call goes through")]
    private static partial void LogCircuitHalfOpened(ILogger logger, string api);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool API {Api}: circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger, string api);
}
