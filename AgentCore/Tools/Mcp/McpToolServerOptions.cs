namespace Switchboard.AgentCore.Tools.Mcp;

/// <summary>
/// One MCP server whose tools become agent tools, bound from <c>Tools:Mcp:&lt;name&gt;</c>. Set either
/// <see cref="Command"/> (a local process over stdio) or <see cref="Endpoint"/> (Streamable HTTP or SSE), not both.
/// </summary>
public sealed class McpToolServerOptions
{
    public const string SectionName = "Tools:Mcp";

    /// <summary>stdio: the program to start, e.g. <c>dotnet</c>, <c>npx</c> or a path.</summary>
    public string? Command { get; set; }

    /// <summary>stdio: its arguments, one per entry.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>stdio: its working directory (default: this process's).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>stdio: extra environment variables (e.g. the server's own API key, from a secret). Never logged.</summary>
    public Dictionary<string, string?> Environment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>HTTP: the server's URL, e.g. <c>http://localhost:3001/mcp</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>HTTP: <c>AutoDetect</c> (default), <c>StreamableHttp</c> or <c>Sse</c>.</summary>
    public string TransportMode { get; set; } = "AutoDetect";

    /// <summary>HTTP: extra request headers, e.g. <c>Authorization</c> from a secret. Values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long connecting and listing the tools may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Prefix tool names with <c>&lt;name&gt;_</c> (default), so two servers offering "search" do not collide and the
    /// model can tell where a tool comes from.
    /// </summary>
    public bool PrefixToolNames { get; set; } = true;

    internal bool IsStdio => !string.IsNullOrWhiteSpace(Command);
}
