using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API9 (improper inventory management): the attack tests attack what each running service says it serves, so
/// the inventory itself is tested — every service's document is read, it names the endpoints known to exist, nothing
/// the Gateway routes is missing from its document, and an unreadable document fails instead of attacking nothing.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class EndpointInventoryTests(SecurityStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_service_lists_its_endpoints_in_its_own_OpenAPI_document()
    {
        var inventory = await stack.EndpointsAsync();
        Assert.Equal(
            new[] { "gateway", AgentNames.Compliance, AgentNames.Reporting, AgentNames.Retrieval, AgentNames.Risk, AgentNames.Router, AgentNames.Workflows }.Order(StringComparer.Ordinal),
            inventory.Keys.Order(StringComparer.Ordinal));
        foreach (var (service, endpoints) in inventory)
        {
            output.WriteLine($"{service}: {endpoints.Count} endpoints: {string.Join(", ", endpoints.Select(e => $"{e.Method} {e.Path}"))}");
        }

        // One endpoint known to exist per service, so a document that lists too little is noticed.
        (string Service, string Method, string Path)[] known =
        [
            ("gateway", "POST", "/v1/ask"), ("gateway", "DELETE", "/v1/documents/probe-1"), ("gateway", "POST", "/v1/workflows/probe-1/runs"),
            (AgentNames.Router, "POST", "/route"), (AgentNames.Retrieval, "POST", "/answer"), (AgentNames.Compliance, "GET", "/audit"),
            (AgentNames.Reporting, "GET", "/reports/usage"), (AgentNames.Risk, "POST", "/assess"), (AgentNames.Workflows, "POST", "/workflows/probe-1/runs"),
        ];
        foreach (var (service, method, path) in known)
        {
            Assert.Contains(new ApiEndpoint(service, method, path), inventory[service]);
        }

        string[] infrastructure = ["/health", "/alive", "/metrics"];
        Assert.All(inventory.Values.SelectMany(e => e), e => Assert.False(infrastructure.Contains(e.Path), $"{e} is infrastructure"));
    }

    /// <summary>Endpoints the Gateway routes but leaves out of its API description on purpose.</summary>
    private static readonly ApiEndpoint[] Undocumented = [new("gateway", "POST", "/ask")];

    [Fact]
    public async Task What_the_gateway_routes_but_does_not_document_is_attacked_too_and_known()
    {
        using var admin = stack.Client(stack.Authority.Token("inventory-check", ["admin"]));
        var documented = (await EndpointInventory.ReadAsync("gateway", admin)).ToHashSet();
        var attacked = (await stack.EndpointsAsync())["gateway"].ToHashSet();
        var routed = EndpointInventory.GatewayRoutingTable(stack.Redis.ConnectionString);
        Assert.True(routed.Count >= 10, $"only {routed.Count} routed endpoints found");

        var hidden = routed.Where(e => !documented.Contains(e)).ToList();
        output.WriteLine($"routed but not in /openapi/v1.json: {string.Join(", ", hidden)}");
        Assert.All(hidden, e => Assert.Contains(e, attacked));
        // A new hidden endpoint must be a decision, not an accident: it is named here (and attacked either way).
        Assert.Equal(Undocumented.Select(e => e.ToString()).Order(StringComparer.Ordinal), hidden.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not-json")]
    [InlineData("no-operations")]
    [InlineData("unreachable")]
    public async Task A_document_that_cannot_be_read_fails_the_inventory(string kind)
    {
        var (app, url) = await LoopbackServer.StartAsync(server => server.MapGet(EndpointInventory.DocumentPath, () => kind switch
        {
            "not-json" => Results.Text("<html>oops</html>", "text/html"),
            "no-operations" => Results.Text("{\"openapi\":\"3.1.1\",\"paths\":{}}", "application/json"),
            _ => Results.NotFound(),
        }));
        await using (app)
        {
            var address = kind == "unreachable" ? $"http://127.0.0.1:{FreePort.Next()}" : url;
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => EndpointInventory.ReadAsync("probe", http));
            Assert.StartsWith("probe: ", ex.Message, StringComparison.Ordinal);
            output.WriteLine($"{kind}: {ex.Message}");
        }
    }
}
