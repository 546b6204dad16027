using Microsoft.AspNetCore.Http;
using Switchboard.ServiceDefaults.Problems;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// A call to an agent did not produce a usable answer. Every subclass names the agent that failed, in its message
/// ("retrieval unavailable: ...") and in the problem the client gets; the Gateway never makes up an answer without it.
/// </summary>
public abstract class AgentCallException(string agent, string title, string reason, Exception? innerException)
    : Exception($"{title}: {reason}", innerException)
{
    public string Agent { get; } = agent;

    /// <summary>The problem title: the agent and what went wrong ("retrieval busy").</summary>
    public string Title { get; } = title;

    public string Reason { get; } = reason;

    /// <summary>The Gateway's answer: 503 unavailable or busy, 502 rejected, 504 timed out.</summary>
    public abstract int StatusCode { get; }

    /// <summary>Low-cardinality outcome for metrics: unavailable, busy, rejected, timeout.</summary>
    public abstract string Outcome { get; }

    /// <summary>When the client may try again, if known (an agent's Retry-After, an open circuit's break).</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The agent could not be reached, failed (5xx), its circuit is open, or it broke its contract: 503.</summary>
public sealed class AgentUnavailableException(string agent, string reason, Exception? innerException = null)
    : AgentCallException(agent, $"{agent} unavailable", reason, innerException)
{
    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;

    public override string Outcome => "unavailable";
}

/// <summary>The agent shed the call (503 or 429 with Retry-After): 503 with the agent's Retry-After, never retried.</summary>
public sealed class AgentBusyException : AgentCallException
{
    public AgentBusyException(string agent, TimeSpan retryAfter, string reason)
        : base(agent, $"{agent} busy", reason, null) => RetryAfter = retryAfter;

    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;

    public override string Outcome => "busy";
}

/// <summary>The agent rejected the request as invalid (a 4xx): 502 with what it said (<see cref="DownstreamProblem"/>). Not an outage.</summary>
public sealed class AgentRejectedException(string agent, DownstreamProblem problem)
    : AgentCallException(agent, $"{agent} rejected the request", problem.Reason, null)
{
    /// <summary>What the agent answered: its status, title and detail.</summary>
    public DownstreamProblem Problem { get; } = problem;

    public override int StatusCode => StatusCodes.Status502BadGateway;

    public override string Outcome => "rejected";
}

/// <summary>The request's deadline passed while waiting for the agent (or the agent reported it passed there): 504.</summary>
public sealed class AgentTimeoutException(string agent, string reason, Exception? innerException = null)
    : AgentCallException(agent, $"{agent} timed out", reason, innerException)
{
    public override int StatusCode => StatusCodes.Status504GatewayTimeout;

    public override string Outcome => "timeout";
}
