using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>
/// The service over real HTTP and a real redis-server, with a fixed clock (Wednesday 2025-03-12 15:30 UTC) so
/// "today" never straddles midnight. Only the /answer end-to-end test seeds the ledger.
/// </summary>
public sealed class ReportingApiTests : IClassFixture<RedisServerFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 12, 15, 30, 0, TimeSpan.Zero);
    private readonly RedisServerFixture _redis;
    private readonly WebApplicationFactory<Program> _factory;

    public ReportingApiTests(RedisServerFixture redis)
    {
        _redis = redis;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:redis", redis.ConnectionString)
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now))));
    }

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2025-13-01", "to")]
    [InlineData("?from=2025-03-12T10:00:00Z&to=2025-03-12T09:00:00Z", "from")]
    [InlineData("?from=2025-03-13&to=2025-03-12", "from")]
    public async Task Usage_report_rejects_bad_ranges_naming_the_parameter(string query, string field)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/reports/usage" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors has no '{field}': {problem}");
    }

    [Fact]
    public async Task Usage_report_defaults_to_the_last_24_hours()
    {
        using var client = _factory.CreateClient();

        var report = await client.GetFromJsonAsync<JsonElement>("/reports/usage");

        Assert.Equal(Now.AddHours(-24), report.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(Now, report.GetProperty("to").GetDateTimeOffset());
        Assert.True(report.TryGetProperty("total", out _));
        Assert.True(report.GetProperty("byStatus").TryGetProperty(AnswerStatus.NotFound, out _));
        Assert.True(report.GetProperty("byIntent").TryGetProperty(Intents.Documents, out _));
        // A range without answers has no percentiles, and null fields are left out (SwitchboardJson): the object is there.
        Assert.Equal(JsonValueKind.Object, report.GetProperty("latencyMs").ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Answer_rejects_a_blank_question(string question)
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsJsonAsync("/answer", new AgentAnswerRequest(question));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _), problem.ToString());
    }

    [Fact]
    public async Task Answer_is_not_found_for_a_question_it_cannot_parse()
    {
        using var client = _factory.CreateClient();

        var answer = await PostAnswerAsync(client, "What is the capital of France?");

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Equal(AgentNames.Reporting, answer.Agent);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task Answer_counts_not_found_questions_today_from_the_ledger()
    {
        var today = new DateTimeOffset(2025, 3, 12, 0, 0, 0, TimeSpan.Zero);
        var seeded = new[]
        {
            EventPublisherHost.Interaction("e2e-1", today.AddHours(1), AnswerStatus.Answered),
            EventPublisherHost.Interaction("e2e-2", today.AddHours(2), AnswerStatus.NotFound),
            EventPublisherHost.Interaction("e2e-3", today.AddHours(3), AnswerStatus.NotFound),
            EventPublisherHost.Interaction("e2e-4", today.AddHours(4), AnswerStatus.Refused, intent: null),
            EventPublisherHost.Interaction("e2e-5", today.AddHours(5), AnswerStatus.NotFound),
            EventPublisherHost.Interaction("e2e-6", today.AddHours(-2), AnswerStatus.NotFound), // yesterday
            EventPublisherHost.Interaction("e2e-7", Now.AddMinutes(5), AnswerStatus.NotFound),  // after 'now'
        };
        var inToday = seeded.Where(i => i.OccurredAt >= today && i.OccurredAt < Now).ToList();
        var notFoundToday = inToday.Count(i => i.Status == AnswerStatus.NotFound);

        using var client = _factory.CreateClient();
        using (var publisher = new EventPublisherHost(_redis.ConnectionString))
        {
            foreach (var interaction in seeded)
            {
                await publisher.PublishAsync(interaction);
            }
        }

        await WaitForLedgerAsync(client, "from=2025-03-11&to=2025-03-12", seeded.Length);

        var answer = await PostAnswerAsync(client, "How many questions were not found today?");

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal($"{notFoundToday} questions were not found today (of {inToday.Count} asked). [1]", answer.Answer);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal((1, "usage-ledger", "Usage ledger"), (citation.Number, citation.DocumentId, citation.DocumentName));
        Assert.Equal("usage:2025-03-12T00:00:00Z/2025-03-12T15:30:00Z", citation.ChunkId);
        var context = Assert.Single(answer.Contexts);
        Assert.Contains(answer.Answer.Replace(" [1]", ""), context.Text);
    }

    private static async Task<AgentAnswer> PostAnswerAsync(HttpClient client, string question)
    {
        var response = await client.PostAsJsonAsync("/answer", new AgentAnswerRequest(question));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentAnswer>())!;
    }

    private static async Task WaitForLedgerAsync(HttpClient client, string query, int expectedTotal)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var total = -1;
        while (DateTime.UtcNow < deadline)
        {
            var report = await client.GetFromJsonAsync<JsonElement>("/reports/usage?" + query);
            total = report.GetProperty("total").GetInt32();
            if (total >= expectedTotal)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The ledger held {total} of {expectedTotal} seeded interactions after 30 s.");
    }
}
