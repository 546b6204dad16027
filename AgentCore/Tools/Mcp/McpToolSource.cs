using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using Switchboard.AgentCore.Tools.Rest;

namespace Switchboard.AgentCore.Tools.Mcp;

/// <summary>
/// The tools of the configured MCP servers (<c>Tools:Mcp:*</c>) as agent tools. Each server is connected on first use
/// and kept connected; its tools are listed once per connection (a server's <c>tools/list_changed</c> notification is
/// not followed yet). <see cref="McpClientTool"/> is an <see cref="AIFunction"/>, so a call from the agent's function
/// loop goes straight to the server. A server that cannot be reached is logged and skipped, and tried again on the next
/// request, so one broken server does not take the other tools away.
/// </summary>
public sealed partial class McpToolSource(
    IReadOnlyList<string> servers,
    IOptionsMonitor<McpToolServerOptions> options,
    IHttpClientFactory httpClients,
    ILoggerFactory loggerFactory) : IAgentToolSource, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<McpToolSource>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (McpClient Client, IReadOnlyList<AIFunction> Tools)> _connected = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Servers { get; } = servers;

    /// <summary>The name of the HttpClient used for an HTTP server (no standard resilience handler: see ToolsExtensions).</summary>
    public static string ClientName(string server) => $"switchboard-mcp-{server}";

    public async ValueTask<IReadOnlyList<AIFunction>> GetToolsAsync(CancellationToken cancellationToken = default)
    {
        var tools = new List<AIFunction>();
        foreach (var server in Servers)
        {
            try
            {
                tools.AddRange(await GetServerToolsAsync(server, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogUnavailable(_logger, server, Redact(server, ex.Message));
            }
        }

        return tools;
    }

    /// <summary>The tools of one server, connecting first if needed. Throws when the server cannot be reached.</summary>
    public async Task<IReadOnlyList<AIFunction>> GetServerToolsAsync(string server, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connected.TryGetValue(server, out var known))
            {
                return known.Tools;
            }

            var o = options.Get(server);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(o.ConnectTimeout);
            var client = await McpClient.CreateAsync(CreateTransport(server, o), clientOptions: null, loggerFactory, timeout.Token);
            try
            {
                var listed = await client.ListToolsAsync(cancellationToken: timeout.Token);
                IReadOnlyList<AIFunction> tools = [.. listed.Select(t => o.PrefixToolNames ? t.WithName($"{server}_{t.Name}") : t)];
                _connected[server] = (client, tools);
                LogConnected(_logger, server, client.ServerInfo?.Name ?? "?", tools.Count);
                return tools;
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in _connected.Values)
        {
            await client.DisposeAsync();
        }

        _connected.Clear();
        _gate.Dispose();
    }

    private IClientTransport CreateTransport(string server, McpToolServerOptions o)
    {
        if (o.IsStdio)
        {
            return new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = server,
                Command = o.Command!,
                Arguments = [.. o.Arguments],
                WorkingDirectory = string.IsNullOrWhiteSpace(o.WorkingDirectory) ? null : o.WorkingDirectory,
                EnvironmentVariables = o.Environment.Count == 0 ? null : new Dictionary<string, string?>(o.Environment),
                // The server's stderr is diagnostics; kept at Debug, and servers print their settings there, so not higher.
                StandardErrorLines = line => LogServerOutput(_logger, server, Redact(server, line)),
            }, loggerFactory);
        }

        var mode = Enum.Parse<HttpTransportMode>(o.TransportMode, ignoreCase: true);
        return new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Name = server,
                Endpoint = new Uri(o.Endpoint!),
                TransportMode = mode,
                AdditionalHeaders = o.Headers.Count == 0 ? null : new Dictionary<string, string>(o.Headers),
            },
            httpClients.CreateClient(ClientName(server)),
            loggerFactory,
            ownsHttpClient: true);
    }

    private string Redact(string server, string text)
    {
        var o = options.Get(server);
        foreach (var secret in o.Headers.Values.Concat(o.Environment.Values.OfType<string>()).Where(s => s.Length >= 4))
        {
            text = SecretRedactor.Redact(text, secret);
        }

        return text;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} ({ServerName}) connected with {Count} tool(s)")]
    private static partial void LogConnected(ILogger logger, string server, string serverName, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} is unavailable; its tools are skipped for now: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} stderr: {Line}")]
    private static partial void LogServerOutput(ILogger logger, string server, string line);
}
