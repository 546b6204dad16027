using Microsoft.Extensions.AI;

namespace Switchboard.AgentCore.Tools;

/// <summary>
/// Something that gives an LLM agent tools: the configured REST APIs (<see cref="Rest.RestApiTools"/>) or the tools of
/// configured MCP servers (<see cref="Mcp.McpToolSource"/>). Agents take the union of all registered sources
/// (<see cref="AgentToolbox"/>).
/// </summary>
public interface IAgentToolSource
{
    ValueTask<IReadOnlyList<AIFunction>> GetToolsAsync(CancellationToken cancellationToken = default);
}
