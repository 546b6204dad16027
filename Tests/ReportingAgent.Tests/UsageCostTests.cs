using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Answering;
using Switchboard.Tests.Support;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>
/// Token and cost accounting in the ledger: interactions published on the real stream (as the Gateway does) are summed
/// by <c>GET /reports/usage</c> and answered by <c>POST /answer</c>. Own redis-server, fixed clock (2025-03-12 15:30 UTC).
/// </summary>
public sealed class UsageCostTests : IClassFixture<RedisServerFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 12, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Today = new(2025, 3, 12, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastWeek = new(2025, 3, 5, 0, 0, 0, TimeSpan.Zero);
    private readonly RedisServerFixture _redis;
    private readonly WebApplicationFactory<Program> _factory;

    public UsageCostTests(RedisServerFixture redis)
    {
        _redis = redis;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:redis", redis.ConnectionString)
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now))));
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Ledger_sums_tokens_and_cost_of_published_interactions_in_total_and_by_model()
    {
        using var client = _factory.CreateClient();
        await SeedAsync(
            WithUsage("u-1", LastWeek.AddHours(1), new AnswerUsage(1200, 80, 0m, "extractive") { Estimated = true, Unpriced = true }),
            WithUsage("u-2", LastWeek.AddHours(2), new AnswerUsage(1000, 200, 0.00027m, "gpt-4o-mini")),
            WithUsage("u-3", LastWeek.AddHours(3), new AnswerUsage(500, 100, 0.000135m, "gpt-4o-mini")),
            WithUsage("u-4", LastWeek.AddHours(4), usage: null)); // an interaction from before usage accounting counts as 0

        var report = await WaitForLedgerAsync(client, 4, "from=2025-03-05&to=2025-03-05");

        var usage = report.GetProperty("usage");
        Assert.Equal(2700, usage.GetProperty("inputTokens").GetInt64());
        Assert.Equal(380, usage.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.000405m, usage.GetProperty("costUsd").GetDecimal());
        var byModel = usage.GetProperty("byModel");
        Assert.Equal(1500, byModel.GetProperty("gpt-4o-mini").GetProperty("inputTokens").GetInt64());
        Assert.Equal(0.000405m, byModel.GetProperty("gpt-4o-mini").GetProperty("costUsd").GetDecimal());
        Assert.Equal(80, byModel.GetProperty("extractive").GetProperty("outputTokens").GetInt64());
        Assert.Equal(2, byModel.EnumerateObject().Count());
    }

    [Theory]
    [InlineData("How much did we spend today?", "The model cost today was 0.0012 USD for 3000 input and 400 output tokens. [1]")]
    [InlineData("How many tokens were used this week?", "4500 tokens were used this week: 4000 input and 500 output tokens. [1]")]
    public async Task Answer_reports_spend_and_tokens_citing_the_ledger(string question, string expected)
    {
        using var client = _factory.CreateClient();
        await SeedAsync(
            WithUsage("a-1", Today.AddHours(-30), new AnswerUsage(1000, 100, 0.0004m, "gpt-4o-mini")), // Monday: this week, not today
            WithUsage("a-2", Today.AddHours(8), new AnswerUsage(2000, 300, 0.0008m, "gpt-4o-mini")),
            WithUsage("a-3", Today.AddHours(9), new AnswerUsage(1000, 100, 0.0004m, "gpt-4o-mini")));
        await WaitForLedgerAsync(client, 3, "from=2025-03-10&to=2025-03-12");

        var response = await client.PostAsJsonAsync("/answer", new AgentAnswerRequest(question));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<AgentAnswer>())!;
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal(expected, answer.Answer);
        Assert.Equal(UsageAnswerWriter.LedgerDocumentId, Assert.Single(answer.Citations).DocumentId);
        Assert.Contains(expected.Replace(" [1]", ""), Assert.Single(answer.Contexts).Text);
    }

    [Theory]
    [InlineData("How much did we spend today?", UsageMetric.Cost)]
    [InlineData("What did the models cost this month?", UsageMetric.Cost)]
    [InlineData("How many dollars went on tokens yesterday?", UsageMetric.Cost)]
    [InlineData("How many tokens were used this week?", UsageMetric.Tokens)]
    [InlineData("token usage in the last 7 days", UsageMetric.Tokens)]
    public void Parser_understands_spend_and_token_questions(string question, UsageMetric metric) =>
        Assert.Equal(metric, new UsageQuestionParser(new FixedTimeProvider(Now)).Parse(question)?.Metric);

    // The tests share one Redis: each seeds its own answer ids on its own days (the ledger counts an answer id once).
    private async Task SeedAsync(params InteractionRecorded[] interactions)
    {
        using var publisher = new EventPublisherHost(_redis.ConnectionString);
        foreach (var interaction in interactions)
        {
            await publisher.PublishAsync(interaction);
        }
    }

    private static InteractionRecorded WithUsage(string answerId, DateTimeOffset at, AnswerUsage? usage) =>
        EventPublisherHost.Interaction(answerId, at, AnswerStatus.Answered) with { Usage = usage };

    private static Task<JsonElement> WaitForLedgerAsync(HttpClient client, int expectedTotal, string query) =>
        Eventually.MatchAsync(
            () => client.GetFromJsonAsync<JsonElement>("/reports/usage?" + query),
            report => report.GetProperty("total").GetInt32() >= expectedTotal,
            $"{expectedTotal} interactions in the ledger");
}
