using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.Tools;
using Switchboard.AgentCore.Tools.Rest;
using Switchboard.Tools.Tests.Support;

namespace Switchboard.Tools.Tests;

/// <summary>Each operation is an AIFunction a model can call: a schema from the parameters, results as JSON.</summary>
public sealed class RestApiFunctionTests : IAsyncLifetime
{
    private ScriptedApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_operation_becomes_a_function_with_a_schema_from_its_parameters()
    {
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress,
            ("Operations:get:Parameters:id:Pattern", "[0-9]+"),
            ("Operations:get:Parameters:lang:In", "query"),
            ("Operations:get:Parameters:lang:Description", "Language of the text.")));

        var tool = Assert.Single(await host.Services.GetRequiredService<AgentToolbox>().GetToolsAsync());

        Assert.Equal("items_get", tool.Name);
        Assert.Contains("Gets one item by id.", tool.Description, StringComparison.Ordinal);
        Assert.Contains("Test items API", tool.Description, StringComparison.Ordinal);
        var schema = tool.JsonSchema;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("^(?:[0-9]+)$", schema.GetProperty("properties").GetProperty("id").GetProperty("pattern").GetString());
        Assert.Equal("Language of the text.", schema.GetProperty("properties").GetProperty("lang").GetProperty("description").GetString());
        Assert.Equal(["id"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Invoking_the_function_calls_the_api_and_returns_the_values_and_the_citation()
    {
        _server.Respond = (context, _) => ScriptedApiServer.Json(context, 200, """{"value":"seven","other":1}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress,
            ("Operations:get:Parameters:lang:In", "query")));
        var tool = host.Services.GetRequiredService<RestApiTools>().Tools.Single();

        // Arguments as a model sends them: JSON values.
        var result = (JsonElement)(await tool.InvokeAsync(new AIFunctionArguments
        {
            ["id"] = JsonSerializer.SerializeToElement(7),
            ["lang"] = JsonSerializer.SerializeToElement("en"),
        }))!;

        Assert.Equal("/v1/items/7?lang=en", Assert.Single(_server.Seen).PathAndQuery);
        Assert.Equal("seven", result.GetProperty("values").GetProperty("value").GetString());
        Assert.Equal("Test items API, item 7", result.GetProperty("citation").GetString());
        Assert.Equal(new Uri(_server.BaseAddress, "/v1/items/7?lang=en").AbsoluteUri, result.GetProperty("requestUrl").GetString());
    }

    [Fact]
    public async Task A_failed_call_is_returned_to_the_model_as_an_error_it_can_explain()
    {
        _server.Respond = (context, _) => ScriptedApiServer.Json(context, 404, """{"title":"Not found","detail":"No item 9."}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress));
        var tool = host.Services.GetRequiredService<RestApiTools>().Tools.Single();

        var result = (JsonElement)(await tool.InvokeAsync(new AIFunctionArguments { ["id"] = "9" }))!;

        Assert.Equal(nameof(ToolFailure.NotFound), result.GetProperty("failure").GetString());
        Assert.Contains("No item 9.", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_arguments_are_refused_before_any_request()
    {
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress));
        var tool = host.Services.GetRequiredService<RestApiTools>().Tools.Single();

        var result = (JsonElement)(await tool.InvokeAsync(new AIFunctionArguments()))!;

        Assert.Equal(nameof(ToolFailure.InvalidArguments), result.GetProperty("failure").GetString());
        Assert.Contains("'id' is required", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _server.Count);
    }
}
