namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>Calls one operation of a configured REST API through that API's own resilience pipeline.</summary>
public interface IRestApiConnector
{
    /// <exception cref="ToolCallException">The call failed; <see cref="ToolCallException.Failure"/> says why.</exception>
    Task<ToolResult> CallAsync(string api, string operation, IReadOnlyDictionary<string, string?> arguments, CancellationToken cancellationToken = default);
}
