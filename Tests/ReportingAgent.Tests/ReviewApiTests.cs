using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Feedback;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.Tests.Support;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>
/// <c>GET /reports/review</c> and <c>GET /reports/anomalies</c> over a seeded ledger (real redis-server, fixed clock
/// 2025-03-12 15:30 UTC, <c>Budget:DailyUsd</c> 2).
/// </summary>
public sealed class ReviewApiTests : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 3, 12, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day1 = new(2025, 3, 11, 0, 0, 0, TimeSpan.Zero);
    private readonly RedisServerFixture _redis;
    private readonly WebApplicationFactory<Program> _factory;

    public ReviewApiTests(RedisServerFixture redis)
    {
        _redis = redis;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:redis", redis.ConnectionString)
            .UseSetting("Budget:DailyUsd", "2")
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now))));
    }

    public async Task InitializeAsync()
    {
        var db = _redis.Connection.GetDatabase();
        await db.KeyDeleteAsync([LedgerStore.EntriesKey, LedgerStore.IndexKey, FeedbackStore.EntriesKey, FeedbackStore.IndexKey]);
        var ledger = new LedgerStore(_redis.Connection);

        // 11 March: ten questions an hour from 00:00 to 23:00 at $0.01 and 400-490 ms; 20:00 costs $0.50 a question.
        // 12 March: four questions, one not found, 2 s each.
        for (var hour = 0; hour < 24; hour++)
        {
            for (var q = 0; q < 10; q++)
            {
                var expensive = hour == 20;
                await ledger.TryAppendAsync(Entry($"d1-{hour}-{q}", Day1.AddHours(hour).AddMinutes(q), AnswerStatus.Answered,
                    Intents.Documents, 400 + q * 10, expensive ? 0.5m : 0.01m));
            }
        }

        for (var q = 0; q < 4; q++)
        {
            await ledger.TryAppendAsync(Entry($"d2-{q}", Now.AddHours(-2).AddMinutes(q), q == 0 ? AnswerStatus.NotFound : AnswerStatus.Answered,
                q == 3 ? Intents.UsageReport : Intents.Documents, 2000, 0.02m));
        }

        var feedback = new FeedbackHandler(new FeedbackStore(_redis.Connection), NullLogger<FeedbackHandler>.Instance);
        await feedback.HandleAsync(FeedbackTests.Feedback("d1-1-1", FeedbackVerdicts.Up, Day1.AddHours(2)), CancellationToken.None);
        await feedback.HandleAsync(FeedbackTests.Feedback("d2-1", FeedbackVerdicts.Down, Now.AddHours(-1)), CancellationToken.None);
        await feedback.HandleAsync(FeedbackTests.Feedback("d2-2", FeedbackVerdicts.Up, Now.AddHours(-1)), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Review_has_totals_and_a_row_per_day_with_cost_budget_latency_and_satisfaction()
    {
        using var client = _factory.CreateClient();

        var review = await client.GetFromJsonAsync<JsonElement>("/reports/review?from=2025-03-11&to=2025-03-12");

        var totals = review.GetProperty("totals");
        Assert.Equal(244, totals.GetProperty("questions").GetInt32());
        Assert.Equal(1, totals.GetProperty("notFound").GetInt32());
        Assert.Equal(244 * 1000L, totals.GetProperty("inputTokens").GetInt64());
        Assert.Equal(230 * 0.01m + 10 * 0.5m + 4 * 0.02m, totals.GetProperty("costUsd").GetDecimal());
        Assert.Equal((2, 1, 3.33), (totals.GetProperty("feedback").GetProperty("up").GetInt32(),
            totals.GetProperty("feedback").GetProperty("down").GetInt32(), totals.GetProperty("feedback").GetProperty("score").GetDouble()));

        var days = review.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(["2025-03-11", "2025-03-12"], days.Select(d => d.GetProperty("date").GetString()));
        var first = days[0];
        Assert.Equal(240, first.GetProperty("figures").GetProperty("questions").GetInt32());
        Assert.Equal(7.3m, first.GetProperty("figures").GetProperty("costUsd").GetDecimal());
        Assert.Equal(3.65, first.GetProperty("budgetShare").GetDouble()); // $7.30 of a $2 budget
        Assert.Equal(440, first.GetProperty("figures").GetProperty("latencyMs").GetProperty("p50").GetDouble()); // nearest rank 120 of 240
        Assert.Equal(490, first.GetProperty("figures").GetProperty("latencyMs").GetProperty("p95").GetDouble());
        Assert.Equal(5.0, first.GetProperty("figures").GetProperty("feedback").GetProperty("score").GetDouble());
        var second = days[1];
        Assert.Equal(0.25, second.GetProperty("figures").GetProperty("notFoundRate").GetDouble());
        Assert.Equal(2000, second.GetProperty("latencyByIntent").GetProperty(Intents.UsageReport).GetProperty("p95").GetDouble());
        // No figure: null, which the shared JSON shape (SwitchboardJson) leaves out.
        Assert.False(second.GetProperty("latencyByIntent").GetProperty(Intents.Smalltalk).TryGetProperty("p95", out var noP95) && noP95.ValueKind != JsonValueKind.Null);
        Assert.Equal(2.5, second.GetProperty("figures").GetProperty("feedback").GetProperty("score").GetDouble());

        var budget = review.GetProperty("budget");
        Assert.Equal((2m, 1), (budget.GetProperty("dailyUsd").GetDecimal(), budget.GetProperty("daysOverBudget").GetInt32()));

        Assert.Equal(243, review.GetProperty("byIntent").GetProperty(Intents.Documents).GetProperty("questions").GetInt32());
        Assert.Equal(244 * 1000, review.GetProperty("byModel").GetProperty("gpt-4o-mini").GetProperty("inputTokens").GetInt64());

        // The expensive hour of 11 March stands out against the hours before it, and so do 12 March's 2-second answers.
        var anomaly = Assert.Single(review.GetProperty("anomalies").EnumerateArray(), a => a.GetProperty("series").GetString() == "cost_usd");
        Assert.Equal(Day1.AddHours(20), anomaly.GetProperty("hour").GetDateTimeOffset());
        Assert.Equal(5.0, anomaly.GetProperty("value").GetDouble());
        var slow = Assert.Single(review.GetProperty("anomalies").EnumerateArray(), a => a.GetProperty("series").GetString() == "latency_p95_ms");
        Assert.Equal(Now.AddHours(-2).AddMinutes(-30), slow.GetProperty("hour").GetDateTimeOffset());
    }

    [Fact]
    public async Task Period_week_is_the_last_seven_days_and_anomalies_have_their_own_report()
    {
        using var client = _factory.CreateClient();

        var review = await client.GetFromJsonAsync<JsonElement>("/reports/review?period=week");
        Assert.Equal(Now.AddDays(-7), review.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(8, review.GetProperty("days").GetArrayLength()); // 5 March 15:30 to 12 March 15:30 touches 8 days

        var anomalies = await client.GetFromJsonAsync<JsonElement>("/reports/anomalies?from=2025-03-11&to=2025-03-11");
        Assert.Equal((48, 5.0), (anomalies.GetProperty("windowHours").GetInt32(), anomalies.GetProperty("threshold").GetDouble()));
        Assert.Contains(anomalies.GetProperty("anomalies").EnumerateArray(), a => a.GetProperty("series").GetString() == "cost_usd");
    }

    [Fact]
    public async Task Review_lists_the_questions_most_often_not_found_and_the_slowest_stages()
    {
        // Through the ledger's own handler, as the consumer of sb:interactions writes them.
        var handler = new LedgerHandler(new LedgerStore(_redis.Connection), NullLogger<LedgerHandler>.Instance);
        var at = Now.AddHours(-1);
        string[] parking = ["What is the parking policy?", "what is the  parking policy", "What is the parking policy for [EMAIL]?", "What is the parking policy?"];
        for (var i = 0; i < parking.Length; i++)
        {
            await handler.HandleAsync(Interaction($"nf-{i}", at.AddMinutes(i), AnswerStatus.NotFound, parking[i], 100 + i), CancellationToken.None);
        }

        // A follow-up is listed as the standalone question the agents were asked, not as "and for contractors?".
        await handler.HandleAsync(Interaction("nf-follow", at.AddMinutes(5), AnswerStatus.NotFound, "and for contractors?", 120) with
        {
            AgentQuestion = "What is the parking policy for contractors?",
        }, CancellationToken.None);
        await handler.HandleAsync(Interaction("ok-1", at.AddMinutes(6), AnswerStatus.Answered, "An answered question stays out of the review", 900), CancellationToken.None);
        await handler.HandleAsync(Interaction("fail-1", at.AddMinutes(7), AnswerStatus.Failed, "A failed question", 5000) with { Failure = "timeout" }, CancellationToken.None);

        using var client = _factory.CreateClient();
        var body = await client.GetStringAsync("/reports/review?period=day");
        var review = JsonDocument.Parse(body).RootElement;

        var top = review.GetProperty("topNotFound");
        Assert.Equal(
            [("What is the parking policy?", 3), ("What is the parking policy for contractors?", 1), ("What is the parking policy for [EMAIL]?", 1)],
            top.GetProperty("questions").EnumerateArray().Select(q => (q.GetProperty("question").GetString(), q.GetProperty("count").GetInt32())));
        Assert.Equal(3, top.GetProperty("distinct").GetInt32());
        Assert.Equal(1, top.GetProperty("withoutText").GetInt32()); // d2-0, recorded before the ledger kept the text
        Assert.DoesNotContain("An answered question", body, StringComparison.Ordinal);
        Assert.DoesNotContain("A failed question", body, StringComparison.Ordinal);
        Assert.Equal(1, review.GetProperty("totals").GetProperty("failed").GetInt32());

        // Stages: retrieval is slowest (100-5000 ms; nearest ranks 4 and 7 of 7), "total" is not a stage, entries without stages count for none.
        var stages = review.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["retrieval", "review", "route", "screen"], stages.Select(s => s.GetProperty("stage").GetString()));
        var retrieval = stages[0];
        Assert.Equal((7, 103.0, 5000.0), (retrieval.GetProperty("count").GetInt32(), retrieval.GetProperty("p50Ms").GetDouble(), retrieval.GetProperty("p95Ms").GetDouble()));
    }

    [Theory]
    [InlineData("anything unusual today?")]
    [InlineData("Any anomalies today?")]
    public async Task Usage_questions_about_anomalies_are_answered_from_the_detector(string question)
    {
        using var client = _factory.CreateClient();

        var answer = await (await client.PostAsJsonAsync("/answer", new AgentAnswerRequest(question))).Content.ReadFromJsonAsync<AgentAnswer>();

        Assert.Equal(AnswerStatus.Answered, answer!.Status);
        Assert.Equal(
            "1 unusual hour and 0 unusual minutes were found today (a score of 5 or more against the time before them). [1] " +
            "The hour from 2025-03-12 13:00 UTC stood out in p95 latency in ms: 2000 against a usual 490 (score 6.04). [1]",
            answer.Answer);
        var context = Assert.Single(answer.Contexts).Text;
        foreach (var sentence in answer.Answer.Split(" [1]", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Assert.Contains(sentence, context, StringComparison.Ordinal);
        }

        Assert.Equal("usage-ledger", Assert.Single(answer.Citations).DocumentId);
    }

    [Fact]
    public async Task A_range_without_anomalies_is_answered_as_nothing_unusual_and_a_week_lists_the_expensive_hour()
    {
        using var client = _factory.CreateClient();

        var quiet = await (await client.PostAsJsonAsync("/answer", new AgentAnswerRequest("Were there any anomalies in the last hour?"))).Content.ReadFromJsonAsync<AgentAnswer>();
        Assert.StartsWith("Nothing unusual was found in the last hour:", quiet!.Answer, StringComparison.Ordinal);

        var week = await (await client.PostAsJsonAsync("/answer", new AgentAnswerRequest("Any cost spikes this week?"))).Content.ReadFromJsonAsync<AgentAnswer>();
        Assert.Contains("The hour from 2025-03-11 20:00 UTC stood out in cost in USD: 5 against a usual", week!.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/reports/review?period=year", "period")]
    [InlineData("/reports/review?from=2024-01-01&to=2025-03-12", "from")]
    [InlineData("/reports/review?to=2025-02-30", "to")]
    [InlineData("/reports/anomalies?from=2025-03-12T10:00:00Z&to=2025-03-12T09:00:00Z", "from")]
    public async Task Bad_ranges_are_400_naming_the_parameter(string url, string field)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static InteractionRecorded Interaction(string id, DateTimeOffset at, string status, string question, double retrievalMs) =>
        new(id, question, status, Intents.Documents, 0.9, [AgentNames.Retrieval], null, 0, retrievalMs + 60,
            status == AnswerStatus.Failed
                ? new Dictionary<string, double> { ["screen"] = 5, ["route"] = 10, [AgentNames.Retrieval] = retrievalMs, ["total"] = retrievalMs + 15 }
                : new Dictionary<string, double> { ["screen"] = 5, ["route"] = 10, [AgentNames.Retrieval] = retrievalMs, ["review"] = 40, ["total"] = retrievalMs + 60 },
            [], null)
        {
            OccurredAt = at,
        };

    private static LedgerEntry Entry(string id, DateTimeOffset at, string status, string intent, double latencyMs, decimal cost) =>
        new(id, at, status, intent, latencyMs, [AgentNames.Retrieval], "pass", 1)
        {
            Usage = new AnswerUsage(1000, 100, cost, "gpt-4o-mini"),
        };
}
