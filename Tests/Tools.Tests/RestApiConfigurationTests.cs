using Microsoft.Extensions.Options;
using Switchboard.Tools.Tests.Support;

namespace Switchboard.Tools.Tests;

/// <summary>A misconfigured API stops the host at start-up, and the message names each bad key.</summary>
public sealed class RestApiConfigurationTests
{
    [Fact]
    public async Task Every_problem_is_reported_with_its_full_key()
    {
        var settings = ToolHost.Api("broken", new Uri("http://127.0.0.1:1/"),
            ("BaseUrl", "not a url"),
            ("Retry:MaxAttempts", "0"),
            ("CircuitBreaker:BreakDuration", "00:00:00.100"),
            ("Operations:get:Path", "/v1/items/{id}/{missing}"),
            ("Operations:get:Result:value", "value"),
            ("Operations:get:Citation", "Items {nope}"),
            ("Operations:get:Parameters:id:In", "header"),
            ("Operations:get:QuestionPatterns:0", "item (?<other>\\d+)"),
            ("Operations:get:QuestionPatterns:1", "item ("));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => ToolHost.StartAsync(settings));

        Assert.Contains("Tools:Apis:broken:BaseUrl 'not a url' is not an absolute http or https URL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:Retry:MaxAttempts must be between 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:CircuitBreaker:BreakDuration must be between", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:Operations:get:Path uses {missing}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:Operations:get:Result:value 'value' is not a supported JSON path", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:Operations:get:Citation uses {nope}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:Operations:get:Parameters:id:In 'header' must be 'path' or 'query'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:Operations:get:QuestionPatterns:0 has a group (?<other>…)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools:Apis:broken:Operations:get:QuestionPatterns:1 is not a valid regular expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mcp_server_needs_exactly_one_of_Command_or_Endpoint()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => ToolHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tools:Mcp:both:Command"] = "dotnet",
            ["Tools:Mcp:both:Endpoint"] = "http://127.0.0.1:1/mcp",
        }));

        Assert.Contains("Tools:Mcp:both: set exactly one of Command (stdio) or Endpoint (HTTP)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_tools_section_the_toolbox_is_empty_and_the_host_starts()
    {
        await using var host = await ToolHost.StartAsync(new Dictionary<string, string?>());

        var tools = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Switchboard.AgentCore.Tools.AgentToolbox>(host.Services).GetToolsAsync();

        Assert.Empty(tools);
    }
}
