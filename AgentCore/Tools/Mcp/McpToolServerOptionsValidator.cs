using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.Tools.Mcp;

/// <summary>Start-up validation of each configured MCP server; messages name the full configuration key.</summary>
public sealed class McpToolServerOptionsValidator : IValidateOptions<McpToolServerOptions>
{
    private static readonly string[] Modes = ["AutoDetect", "StreamableHttp", "Sse"];

    public ValidateOptionsResult Validate(string? name, McpToolServerOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var key = $"{McpToolServerOptions.SectionName}:{name}";
        var errors = new List<string>();
        var hasCommand = !string.IsNullOrWhiteSpace(options.Command);
        var hasEndpoint = !string.IsNullOrWhiteSpace(options.Endpoint);
        if (hasCommand == hasEndpoint)
        {
            errors.Add($"{key}: set exactly one of Command (stdio) or Endpoint (HTTP).");
        }

        if (hasEndpoint && (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{key}:Endpoint is not an absolute http or https URL.");
        }

        if (!Modes.Contains(options.TransportMode, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:TransportMode '{options.TransportMode}' must be one of {string.Join(", ", Modes)}.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{key}:ConnectTimeout must be positive.");
        }

        if (!Rest.RestApiDefinition.ValidName().IsMatch(name))
        {
            errors.Add($"{key}: the server name must be 1-32 letters, digits, '_' or '-' (it prefixes tool names).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
