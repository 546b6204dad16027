using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The Gateway's OpenAPI document (<c>/openapi/v1.json</c>, ServiceDefaults) is the API the README's table promises:
/// the same operations both ways, each with a summary and the shared ProblemDetails error responses.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class OpenApiDocumentTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_document_lists_exactly_the_operations_of_the_READMEs_API_table()
    {
        var document = await DocumentAsync();

        var documented = Operations(document).Select(o => o.Key).ToHashSet();
        var promised = ReadmeOperations();

        Assert.True(promised.Count >= 5, $"the README's API table yielded only {promised.Count} operations: {string.Join(", ", promised)}");
        Assert.True(promised.SetEquals(documented),
            $"in the README but not served: {string.Join(", ", promised.Except(documented))}; served but not in the README: {string.Join(", ", documented.Except(promised))}");
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_ProblemDetails_errors()
    {
        var document = await DocumentAsync();

        Assert.Equal("Switchboard Gateway", (string?)document["info"]!["title"]);
        Assert.All(Operations(document), operation =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)operation.Value["summary"]), $"{operation.Key} has no summary");
            foreach (var range in new[] { "4XX", "5XX" })
            {
                var content = operation.Value["responses"]?[range]?["content"]?["application/problem+json"];
                Assert.True(content is not null, $"{operation.Key} does not declare {range} as application/problem+json");
            }
        });
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var response = await fixture.Factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<KeyValuePair<string, JsonNode>> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(method => method.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(method => KeyValuePair.Create($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!)));

    /// <summary>Every <c>`METHOD /path`</c> in the first column of the README's "The public API" table.</summary>
    private static HashSet<string> ReadmeOperations()
    {
        var readme = File.ReadAllText(RepositoryRoot.Of("README.md"));
        var section = readme[readme.IndexOf("## The public API", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return section.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => Operation().Matches(line.Split('|')[1]).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"))
            .ToHashSet();
    }

    [GeneratedRegex(@"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]*)")]
    private static partial Regex Operation();
}
