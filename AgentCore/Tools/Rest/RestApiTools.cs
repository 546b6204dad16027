using Microsoft.Extensions.AI;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>Every operation of every configured REST API as an <see cref="AIFunction"/> (see <see cref="RestApiFunction"/>).</summary>
public sealed class RestApiTools(RestApiCatalog catalog, IRestApiConnector connector) : IAgentToolSource
{
    private IReadOnlyList<AIFunction>? _tools;

    public IReadOnlyList<AIFunction> Tools => _tools ??=
        [.. catalog.All().SelectMany(api => api.Operations.Values.Select(op => (AIFunction)new RestApiFunction(connector, api, op)))];

    public ValueTask<IReadOnlyList<AIFunction>> GetToolsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Tools);
}
