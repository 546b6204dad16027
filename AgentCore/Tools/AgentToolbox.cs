using Microsoft.Extensions.AI;

namespace Switchboard.AgentCore.Tools;

/// <summary>
/// All tools from all registered <see cref="IAgentToolSource"/>s, for <c>ChatClientAgent(…, tools: …)</c> or
/// <c>ChatOptions.Tools</c>. When two sources offer the same tool name the first registered wins, so a tool's
/// meaning never depends on start-up timing.
/// </summary>
public sealed class AgentToolbox(IEnumerable<IAgentToolSource> sources)
{
    public async ValueTask<IReadOnlyList<AIFunction>> GetToolsAsync(CancellationToken cancellationToken = default)
    {
        var tools = new List<AIFunction>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var tool in await source.GetToolsAsync(cancellationToken))
            {
                if (names.Add(tool.Name))
                {
                    tools.Add(tool);
                }
            }
        }

        return tools;
    }
}
