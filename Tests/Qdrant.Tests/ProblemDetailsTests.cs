using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.Qdrant.Tests;

/// <summary>
/// Through the real RetrievalAgent over HTTP: a request Qdrant rejects surfaces to the caller as ProblemDetails that
/// carry Qdrant's own error text, and an unreachable Qdrant is a 503 — never a silent empty result.
/// </summary>
public sealed class ProblemDetailsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private FakeQdrantServer _qdrant = null!;

    public async Task InitializeAsync() => _qdrant = await FakeQdrantServer.StartAsync();

    public async Task DisposeAsync() => await _qdrant.DisposeAsync();

    private WebApplicationFactory<Program> Agent(string endpoint) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("ConnectionStrings:redis", redis.ConnectionString);
        b.UseSetting("ConnectionStrings:qdrant_http", $"Endpoint={endpoint};Key=test-key");
        b.UseSetting("Retrieval:Qdrant:CollectionName", $"problems_{Guid.NewGuid():N}");
        b.UseSetting("Retrieval:Qdrant:MaxRetries", "0");
    });

    [Fact]
    public async Task A_request_qdrant_rejects_is_a_502_problem_with_qdrants_error_text()
    {
        await using var agent = Agent(_qdrant.Endpoint.ToString().TrimEnd('/'));
        using var client = agent.CreateClient();
        await Eventually.MatchAsync(() => client.GetAsync("/health"), r => r.StatusCode == HttpStatusCode.OK, "the agent to bootstrap its collection");

        const string qdrantError = "Wrong input: Vector dimension error: expected dim: 1024, got 3";
        _qdrant.FailNext(400, $$"""{"time":0,"status":{"error":"{{qdrantError}}"},"result":null}""", count: 10);
        using var response = await client.PostAsJsonAsync("/search", new SearchRequest("refund policy for annual plans"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("qdrantStatus").GetInt32());
        Assert.Contains(qdrantError, problem.RootElement.GetProperty("qdrantError").GetString());
        Assert.DoesNotContain("test-key", problem.RootElement.ToString());
    }

    [Fact]
    public async Task An_unreachable_qdrant_is_a_503_problem_and_unhealthy()
    {
        await using var agent = Agent($"http://127.0.0.1:{FreePort.Next()}");
        using var client = agent.CreateClient();

        using var response = await client.PostAsJsonAsync("/search", new SearchRequest("refund policy"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
    }
}
