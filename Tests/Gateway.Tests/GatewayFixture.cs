using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Tests.Fakes;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// One real redis-server, the fake agents and a Gateway (WebApplicationFactory&lt;Program&gt;) wired to both through
/// the same configuration keys Aspire injects. Shared by every test in the "Gateway" collection, which run one
/// at a time, so a test may count stream entries and catalog records before and after its request.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>
    /// The fixture's Gateway:Deadline. Longer than the 5 s default so a loaded test machine never turns an ordinary
    /// question into a 504; the deadline tests set their own.
    /// </summary>
    public const int DeadlineMs = 30_000;

    public RedisServerFixture Redis { get; } = new();

    public FakeAgents Agents { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public IDatabase Db => Redis.Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Agents = await FakeAgents.StartAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(ConfigureGateway);
    }

    /// <summary>
    /// Points the Gateway at this Redis and these agents, with quick retries so failure tests stay short. The answer
    /// cache is off: most tests ask the same question again and must see the agents called (AnswerCacheTests turn it on).
    /// </summary>
    public void ConfigureGateway(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:redis", Redis.ConnectionString);
        foreach (var (agent, url) in Agents.Urls)
        {
            builder.UseSetting($"services:{agent}:http:0", url);
        }

        builder.UseSetting("Gateway:AgentCalls:RetryDelay", "00:00:00.020");
        builder.UseSetting("Gateway:AgentCalls:MaxRetryAttempts", "1");
        builder.UseSetting("Gateway:Deadline", TimeSpan.FromMilliseconds(DeadlineMs).ToString());
        builder.UseSetting("Gateway:AnswerCache:Enabled", "false");
        // The key the real agent processes of this run hold (ServiceProcess), so the Gateway's calls to them are signed.
        builder.UseSetting("ServiceAuth:Key", ServiceProcess.ServiceKey);
    }

    /// <summary>A Gateway with one setting changed (e.g. an agent's address), disposed by the caller.</summary>
    public WebApplicationFactory<Program> WithSetting(string key, string value) =>
        Factory.WithWebHostBuilder(builder => builder.UseSetting(key, value));

    /// <summary>A Gateway with several settings changed, disposed by the caller.</summary>
    public WebApplicationFactory<Program> WithSettings(IEnumerable<KeyValuePair<string, string>> settings) =>
        Factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    public async Task<IReadOnlyList<TEvent>> ReadStreamAsync<TEvent>(string stream)
    {
        var entries = await Db.StreamRangeAsync(stream);
        return entries
            .Select(entry => JsonSerializer.Deserialize<TEvent>((string)entry["data"]!, SwitchboardJson.Options)!)
            .ToList();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Agents.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "Gateway";
}

/// <summary>What every rejection must look like: the exact status and an RFC 9457 body.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static string Detail(this JsonElement problem) =>
        problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
}

public static class AskClient
{
    public static Task<HttpResponseMessage> AskAsync(this HttpClient client, object body, string path = "/v1/ask") =>
        client.PostAsJsonAsync(path, body);

    public static async Task<AskResponse> AskOkAsync(this HttpClient client, object body, string path = "/v1/ask")
    {
        var response = await client.AskAsync(body, path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<AskResponse>(text, SwitchboardJson.Options)!;
    }
}
