using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// Retries and circuit breaking of the calls to each agent, bound from <c>Gateway:AgentCalls</c>. Time is not here:
/// every call runs within the request's one deadline (<c>Gateway:Deadline</c>), which is also sent to the agent.
/// Each agent has its own pipeline built from these values (<see cref="AgentResilience"/>), so one agent failing never
/// opens the breaker of another.
/// </summary>
public sealed class AgentCallOptions
{
    public const string SectionName = "Gateway:AgentCalls";

    /// <summary>
    /// Retries after the first attempt, only when no connection could be made or it was reset before any response (the
    /// next attempt goes to the next replica). A timeout, a 5xx or an overloaded agent's 503 is never retried.
    /// </summary>
    [Range(0, 5)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Base delay of the exponential backoff (with jitter) between those retries.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long an agent's open circuit refuses calls before one probe is let through (half-open).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of failed calls within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    [Range(2, 100_000)]
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The window the failure ratio is measured over.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);
}
