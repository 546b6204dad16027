using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol.Server;

// Speaks MCP over stdin/stdout only; nothing else may write to stdout.
var options = new McpServerOptions
{
    ServerInfo = new() { Name = "switchboard-test-tools", Version = "1.0.0" },
    ToolCollection =
    [
        McpServerTool.Create(
            ([Description("The first addend")] double a, [Description("The second addend")] double b) =>
                (a + b).ToString(CultureInfo.InvariantCulture),
            new McpServerToolCreateOptions { Name = "add", Description = "Adds two numbers." }),
        McpServerTool.Create(
            ([Description("An ISO 4217 currency code")] string code) => $"{code.Trim().ToUpperInvariant()} is a known test currency",
            new McpServerToolCreateOptions { Name = "describe_currency", Description = "Describes a currency code." }),
    ],
};

await using var server = McpServer.Create(new StdioServerTransport("switchboard-test-tools"), options);
await server.RunAsync();
