using System.Text.Json;
using Switchboard.AgentCore.Tools.Rest;

namespace Switchboard.Tools.Tests;

public sealed class JsonPathAndTemplateTests
{
    private static readonly JsonElement Document = JsonDocument.Parse("""
        {
          "rate": 1.0842,
          "asOf": "2026-11-20",
          "data": { "items": [ { "value": "first" }, { "value": "second", "tags": ["a", "b"] } ] },
          "odd key": true,
          "empty": null
        }
        """).RootElement;

    [Theory]
    [InlineData("$.rate", "1.0842")]
    [InlineData("$.asOf", "2026-11-20")]
    [InlineData("$.data.items[0].value", "first")]
    [InlineData("$.data.items[-1].value", "second")]
    [InlineData("$.data.items[1].tags[1]", "b")]
    [InlineData("$['odd key']", "true")]
    [InlineData("$.empty", "null")]
    [InlineData("$.data.items[1].tags", """["a", "b"]""")]
    public void Supported_paths_pick_the_value_as_text(string path, string expected)
    {
        Assert.True(JsonPath.Parse(path).TryEvaluate(Document, out var value));
        Assert.Equal(expected, JsonPath.ToText(value));
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.data.items[5].value")]
    [InlineData("$.rate.deeper")]
    [InlineData("$.data[0]")]
    public void Paths_that_do_not_resolve_say_so(string path) =>
        Assert.False(JsonPath.Parse(path).TryEvaluate(Document, out _));

    [Theory]
    [InlineData("rate")]
    [InlineData("$..rate")]
    [InlineData("$.items[*]")]
    [InlineData("$.a[0")]
    [InlineData("$.")]
    public void Unsupported_syntax_is_rejected_with_a_reason(string path)
    {
        Assert.False(JsonPath.TryParse(path, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Templates_list_their_placeholders_and_render_values()
    {
        var template = TextTemplate.Parse("FX rates API, {base}/{quote} on {asOf}");

        Assert.Equal(["base", "quote", "asOf"], template.Placeholders);
        var values = new Dictionary<string, string> { ["base"] = "EUR", ["quote"] = "USD", ["asOf"] = "2026-11-20" };
        Assert.Equal("FX rates API, EUR/USD on 2026-11-20", template.Render(n => values.GetValueOrDefault(n)));
    }
}
