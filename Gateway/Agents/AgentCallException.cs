namespace Switchboard.Gateway.Agents;

/// <summary>
/// An agent could not be reached, failed, or broke its contract. The Gateway answers 503 naming the agent
/// rather than inventing an answer without it.
/// </summary>
public sealed class AgentUnavailableException(string agent, string reason, Exception? innerException = null)
    : Exception($"{agent} unavailable: {reason}", innerException)
{
    public string Agent { get; } = agent;

    public string Reason { get; } = reason;
}
