namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>Why a tool call did not produce a result; callers map these to answers (not found) or to unavailability.</summary>
public enum ToolFailure
{
    /// <summary>The arguments do not satisfy the operation's parameters (missing, or not matching the pattern).</summary>
    InvalidArguments,

    /// <summary>The API answered 404 (or 400/422): it has nothing for these arguments.</summary>
    NotFound,

    /// <summary>The API kept answering 429/503 and either retries ran out or its Retry-After is longer than the connector waits.</summary>
    RateLimited,

    /// <summary>The circuit breaker is open: recent calls failed, so this one was not sent.</summary>
    CircuitOpen,

    /// <summary>The API's concurrency slots and its queue are full: the call was rejected without being sent.</summary>
    QueueFull,

    /// <summary>An attempt or the whole call (including retries and queueing) took longer than allowed.</summary>
    Timeout,

    /// <summary>The API answered with an error status after all retries, or could not be reached.</summary>
    Unavailable,

    /// <summary>The response was not JSON, or a configured JSON path did not resolve.</summary>
    InvalidResponse,
}

/// <summary>
/// A failed tool call. The message names the API and operation and never contains the API's secret: the connector
/// redacts it from every text it puts here, including texts the server or the network stack produced.
/// </summary>
public sealed class ToolCallException(
    ToolFailure failure,
    string api,
    string operation,
    string message,
    int? statusCode = null,
    TimeSpan? retryAfter = null,
    Exception? innerException = null)
    : Exception(message, innerException)
{
    public ToolFailure Failure { get; } = failure;

    public string Api { get; } = api;

    public string Operation { get; } = operation;

    /// <summary>The API's last HTTP status, when it answered.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>The delay the API asked for (Retry-After), when it sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>True when trying again later may succeed (rate limits, open circuit, full queue, timeouts, outages).</summary>
    public bool IsTransient => Failure is ToolFailure.RateLimited or ToolFailure.CircuitOpen or ToolFailure.QueueFull
        or ToolFailure.Timeout or ToolFailure.Unavailable;
}
