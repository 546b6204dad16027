using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.Tools;
using Switchboard.AgentCore.Tools.Mcp;
using Switchboard.Tools.Tests.Support;

namespace Switchboard.Tools.Tests;

/// <summary>A real stdio MCP server process (Tests/Tools.Tests.McpServer): its tools become agent tools.</summary>
public sealed class McpToolSourceTests
{
    private static Dictionary<string, string?> StdioServer(string name) => new()
    {
        [$"Tools:Mcp:{name}:Command"] = "dotnet",
        [$"Tools:Mcp:{name}:Arguments:0"] = Metadata.AppDll("Tests/Tools.Tests.McpServer", "Tools.Tests.McpServer"),
    };

    [Fact]
    public async Task Tools_of_a_stdio_server_are_listed_with_a_prefix_and_can_be_invoked()
    {
        await using var host = await ToolHost.StartAsync(StdioServer("calc"));
        var source = host.Services.GetRequiredService<McpToolSource>();

        var tools = await source.GetToolsAsync();

        Assert.Equal(["calc_add", "calc_describe_currency"], tools.Select(t => t.Name).Order());
        var add = tools.Single(t => t.Name == "calc_add");
        Assert.Equal("Adds two numbers.", add.Description);
        Assert.True(add.JsonSchema.GetProperty("properties").TryGetProperty("a", out _));

        var sum = await add.InvokeAsync(new AIFunctionArguments { ["a"] = 2, ["b"] = 3.5 });
        Assert.Contains("5.5", sum?.ToString(), StringComparison.Ordinal);

        var described = await tools.Single(t => t.Name == "calc_describe_currency").InvokeAsync(new AIFunctionArguments { ["code"] = "chf" });
        Assert.Contains("CHF is a known test currency", described?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_toolbox_joins_mcp_and_rest_tools_and_skips_a_server_that_does_not_start()
    {
        var settings = StdioServer("calc");
        settings["Tools:Mcp:broken:Command"] = "/nonexistent/mcp-server";
        foreach (var (key, value) in ToolHost.Api("items", new Uri("http://127.0.0.1:1/")))
        {
            settings[key] = value;
        }

        await using var host = await ToolHost.StartAsync(settings);

        var tools = await host.Services.GetRequiredService<AgentToolbox>().GetToolsAsync();

        Assert.Equal(["calc_add", "calc_describe_currency", "items_get"], tools.Select(t => t.Name).Order());
        Assert.Contains(host.Logs.Lines, l => l.Contains("MCP server broken is unavailable", StringComparison.Ordinal));
    }
}
