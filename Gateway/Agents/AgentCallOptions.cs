using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// Timeouts and retries of every call to an agent, bound from <c>Gateway:AgentCalls</c>. They feed the standard
/// resilience handler that ServiceDefaults puts on every HttpClient, so a dead agent fails within
/// <see cref="TotalTimeout"/> instead of holding the question open.
/// </summary>
public sealed class AgentCallOptions
{
    public const string SectionName = "Gateway:AgentCalls";

    /// <summary>Longest single attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest call including every retry and backoff.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt (on 5xx, 408, 429 and connection failures).</summary>
    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base delay of the exponential backoff. The RouterAgent answers 503 for a few seconds while it trains.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
