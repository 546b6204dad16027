using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// Daily budgets: once a caller's, a group's or the global budget is used up, <c>/v1/ask</c> answers 429 with
/// <c>Retry-After</c> until the UTC day turns and a ProblemDetails naming the budget; the spend lives in Redis.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BudgetTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly TestTokens _tokens = new();

    public async Task InitializeAsync()
    {
        fixture.Agents.Reset();
        var server = fixture.Redis.Connection.GetServers().Single();
        await foreach (var key in server.KeysAsync(pattern: "sb:budget:*"))
        {
            await fixture.Db.KeyDeleteAsync(key);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_caller_over_its_token_budget_gets_429_until_the_day_turns()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 22, 30, 0, TimeSpan.Zero));
        await using var gateway = Gateway(new() { ["Budget:Caller:DailyTokens"] = "20" }, time);
        var client = gateway.CreateClient();

        var first = await client.AskOkAsync(new { question = FakeAgents.RefundQuestion });
        Assert.True(first.Usage!.InputTokens + first.Usage.OutputTokens > 20, "the first answer alone uses up the budget");

        var refused = await client.AskAsync(new { question = FakeAgents.RefundQuestion });
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("caller 'anonymous'", problem.GetProperty("budget").GetString());
        Assert.Equal("tokens", problem.GetProperty("kind").GetString());
        Assert.Contains("daily tokens budget of caller 'anonymous' is used up", problem.Detail());
        Assert.Equal(TimeSpan.FromMinutes(90), refused.Headers.RetryAfter?.Delta);
        Assert.Single(fixture.Agents.RetrievalRequests);

        time.Advance(TimeSpan.FromMinutes(90));
        await client.AskOkAsync(new { question = FakeAgents.RefundQuestion });
    }

    [Fact]
    public async Task The_global_cost_budget_counts_every_caller_and_is_priced_usage()
    {
        fixture.Agents.Retrieval = _ => new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, FakeAgents.RefundAnswer,
            FakeAgents.RefundCitations, FakeAgents.RefundContexts) { Usage = new AnswerUsage(1000, 100, 0.30m, "gpt-4o-mini") };
        await using var gateway = Gateway(new() { ["Budget:DailyUsd"] = "0.50" });
        var client = gateway.CreateClient();

        await client.AskOkAsync(new { question = FakeAgents.RefundQuestion });
        await client.AskOkAsync(new { question = FakeAgents.RefundQuestion }); // $0.30 < $0.50 before it; $0.60 after

        var refused = await client.AskAsync(new { question = FakeAgents.RefundQuestion });
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("global", problem.GetProperty("budget").GetString());
        Assert.Equal("cost", problem.GetProperty("kind").GetString());
        Assert.Contains("$0.60 of $0.50", problem.Detail());
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("switchboard_budget_rejections_total\\{[^}]*kind=\"cost\"[^}]*scope=\"global\"[^}]*\\} [1-9]", metrics);
        Assert.Matches("switchboard_budget_burn_ratio\\{[^}]*kind=\"cost\"[^}]*scope=\"global\"[^}]*\\} 1\\.2", metrics);
    }

    [Fact]
    public async Task A_group_budget_holds_every_member_and_only_them()
    {
        fixture.Agents.Retrieval = _ => new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, FakeAgents.RefundAnswer,
            FakeAgents.RefundCitations, FakeAgents.RefundContexts) { Usage = new AnswerUsage(1000, 100, 1m, "gpt-4o") };
        await using var gateway = Gateway(new(_tokens.Settings) { ["Budget:Groups:finance:DailyUsd"] = "1" });
        var alice = Client(gateway, _tokens.Create("alice", new Dictionary<string, object> { ["groups"] = new[] { "finance" } }));
        var bob = Client(gateway, _tokens.Create("bob", new Dictionary<string, object> { ["groups"] = new[] { "finance", "hr" } }));
        var carol = Client(gateway, _tokens.Create("carol", new Dictionary<string, object> { ["groups"] = new[] { "hr" } }));

        await alice.AskOkAsync(new { question = FakeAgents.RefundQuestion });

        var refused = await bob.AskAsync(new { question = FakeAgents.RefundQuestion });
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("group 'finance'", problem.GetProperty("budget").GetString());
        await carol.AskOkAsync(new { question = FakeAgents.RefundQuestion });
    }

    [Fact]
    public async Task Other_endpoints_are_not_held_to_the_budget()
    {
        await using var gateway = Gateway(new() { ["Budget:Caller:DailyTokens"] = "1" });
        var client = gateway.CreateClient();
        await client.AskOkAsync(new { question = FakeAgents.RefundQuestion });
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.AskAsync(new { question = FakeAgents.RefundQuestion })).StatusCode);

        using var documents = await client.GetAsync("/v1/documents");

        Assert.Equal(HttpStatusCode.OK, documents.StatusCode);
    }

    [Theory]
    [InlineData("Budget:DailyUsd", "0")]
    [InlineData("Budget:Caller:DailyTokens", "-5")]
    [InlineData("Budget:Groups:finance:DailyUsd", "-1")]
    public void A_budget_that_is_not_positive_stops_the_Gateway_at_start_naming_the_key(string key, string value)
    {
        using var gateway = fixture.WithSetting(key, value);

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(key, error is AggregateException a ? string.Join("\n", a.Flatten().InnerExceptions.Select(e => e.Message)) : error.ToString());
    }

    private WebApplicationFactory<Program> Gateway(Dictionary<string, string> settings, TimeProvider? time = null) =>
        fixture.Factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (time is not null)
            {
                builder.ConfigureTestServices(services => services.AddSingleton(time));
            }
        });

    private static HttpClient Client(WebApplicationFactory<Program> gateway, string token)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
