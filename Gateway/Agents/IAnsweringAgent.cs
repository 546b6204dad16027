using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>An agent a route plan can name to answer a question (<c>POST /answer</c>).</summary>
public interface IAnsweringAgent
{
    /// <summary>The name used in <see cref="RouteDecision.Agents"/>.</summary>
    string Name { get; }

    Task<AgentAnswer> AnswerAsync(AgentAnswerRequest request, CancellationToken cancellationToken);
}
