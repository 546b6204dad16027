using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.AgentCore.Contracts;
using Switchboard.Evaluation.Questions;
using Switchboard.ReportingAgent.Feedback;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;
using Switchboard.Tests.Support;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>
/// Feedback from <c>sb:feedback</c> into the ledger (real redis-server, the real consumer), the latest verdict per
/// answer, the satisfaction figures, and the export read back by the evaluation harness's own loader.
/// Fixed clock: 2025-03-12 15:30 UTC.
/// </summary>
public sealed class FeedbackTests : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 3, 12, 15, 30, 0, TimeSpan.Zero);
    private readonly RedisServerFixture _redis;
    private readonly WebApplicationFactory<Program> _factory;

    public FeedbackTests(RedisServerFixture redis)
    {
        _redis = redis;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:redis", redis.ConnectionString)
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now))));
    }

    public async Task InitializeAsync() =>
        await _redis.Connection.GetDatabase().KeyDeleteAsync([FeedbackStore.EntriesKey, FeedbackStore.IndexKey]);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_later_verdict_replaces_an_earlier_one_and_a_late_older_one_changes_nothing()
    {
        var store = new FeedbackStore(_redis.Connection);
        var handler = new FeedbackHandler(store, NullLogger<FeedbackHandler>.Instance);
        var first = Feedback("a-1", FeedbackVerdicts.Up, Now.AddHours(-3));
        var second = Feedback("a-1", FeedbackVerdicts.Down, Now.AddHours(-2)) with { Comment = "changed my mind" };

        await handler.HandleAsync(first, CancellationToken.None);
        await handler.HandleAsync(second, CancellationToken.None);
        await handler.HandleAsync(first, CancellationToken.None); // redelivered late
        await handler.HandleAsync(second, CancellationToken.None); // redelivered

        var kept = Assert.Single(await store.ReadAsync(new TimeRange(Now.AddDays(-1), Now)));
        Assert.Equal((FeedbackVerdicts.Down, "changed my mind", second.Id), (kept.Verdict, kept.Comment, kept.EventId));
    }

    [Fact]
    public async Task An_event_without_a_valid_verdict_is_thrown_back_to_the_consumer()
    {
        var handler = new FeedbackHandler(new FeedbackStore(_redis.Connection), NullLogger<FeedbackHandler>.Instance);

        await Assert.ThrowsAsync<ArgumentException>(() => handler.HandleAsync(Feedback("a-2", "meh", Now), CancellationToken.None));
    }

    [Fact]
    public void Satisfaction_is_five_times_the_share_of_thumbs_up()
    {
        var entries = new[] { "up", "up", "up", "down", "down" }
            .Select((v, i) => FeedbackEntry.From(Feedback($"s-{i}", v, Now))).ToList();

        var figures = SatisfactionFigures.Of(entries);

        Assert.Equal((3, 2, 5, 3.0), (figures.Up, figures.Down, figures.Votes, figures.Score!.Value));
        Assert.Null(SatisfactionFigures.None.Score);
    }

    [Fact]
    public async Task Published_feedback_reaches_the_ledger_the_gauges_and_the_export_which_the_harness_loads()
    {
        using var client = _factory.CreateClient();
        var events = new[]
        {
            // up on an answer: an in_scope case whose expected text is the answer's first sentence, gold source citation 1
            Feedback("ans-up", FeedbackVerdicts.Up, Now.AddHours(-5)),
            // up on not_found: the documents do not hold it
            Feedback("ans-nf", FeedbackVerdicts.Up, Now.AddHours(-4)) with { Status = AnswerStatus.NotFound, Answer = "I could not find that.", Citations = [] },
            // down on an answer, no correction: that answer must not come back
            Feedback("ans-down", FeedbackVerdicts.Down, Now.AddHours(-3)) with { Comment = "wrong figure", CorrectedIntent = Intents.UsageReport },
            // down with a correction: the correction is what a right answer contains
            Feedback("ans-fix", FeedbackVerdicts.Down, Now.AddHours(-2)) with { Correction = "within 45 days" },
            // down on not_found without a correction: nobody said what the answer is
            Feedback("ans-skip", FeedbackVerdicts.Down, Now.AddHours(-1)) with { Status = AnswerStatus.NotFound, Citations = [], CorrectedIntent = Intents.Documents },
        };
        using (var publisher = new EventPublisherHost(_redis.ConnectionString))
        {
            foreach (var feedback in events)
            {
                await publisher.Publisher.PublishAsync(Streams.Feedback, feedback);
            }
        }

        var (text, response) = await EventuallyExportAsync(client, "from=2025-03-12", expectedLines: 4, expectedSkipped: 1);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);

        var questions = QuestionSet.Parse(text.Split('\n'), "feedback export");
        Assert.Equal(4, questions.Count);
        var byId = questions.ToDictionary(q => q.Id);
        var up = byId["feedback-ans-up"];
        Assert.Equal((QuestionKinds.InScope, (string?)"refund-policy.pdf", (int?)2), (up.Kind, up.Document, up.Page));
        Assert.Equal(["Refunds are available within 30 days of purchase"], up.Expected);
        Assert.Equal("How long do refunds take?", up.Question);
        Assert.Equal(QuestionKinds.OutOfScope, byId["feedback-ans-nf"].Kind);
        Assert.Equal(QuestionKinds.OutOfScope, byId["feedback-ans-down"].Kind);
        Assert.Null(byId["feedback-ans-down"].Document);
        Assert.Equal(QuestionKinds.InScope, byId["feedback-ans-fix"].Kind);
        Assert.Equal(["within 45 days"], byId["feedback-ans-fix"].Expected!);

        // The extra fields ride along for the person turning feedback into a regression case.
        var down = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.GetProperty("id").GetString() == "feedback-ans-down");
        Assert.Equal(("rejected", "down", "wrong figure"), (down.GetProperty("label").GetString(), down.GetProperty("verdict").GetString(), down.GetProperty("comment").GetString()));
        Assert.Equal(Intents.UsageReport, down.GetProperty("correctedIntent").GetString());

        // The corrected intents for the router's retraining, also of a verdict that makes no evaluation case.
        using var intentsResponse = await client.GetAsync("/reports/feedback/export?from=2025-03-12&set=intents");
        Assert.Equal(HttpStatusCode.OK, intentsResponse.StatusCode);
        Assert.Equal("3", intentsResponse.Headers.GetValues("Switchboard-Skipped").Single());
        var corrections = (await intentsResponse.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(l => l.GetProperty("answerId").GetString()!);
        Assert.Equal(2, corrections.Count);
        Assert.Equal(Intents.Documents, corrections["ans-skip"].GetProperty("correctedIntent").GetString());
        Assert.Equal(Intents.UsageReport, corrections["ans-down"].GetProperty("correctedIntent").GetString());
        Assert.False(string.IsNullOrEmpty(corrections["ans-skip"].GetProperty("question").GetString()));

        // Only thumbs-down, on request.
        var downOnly = await client.GetStringAsync("/reports/feedback/export?from=2025-03-12&verdict=down");
        Assert.Equal(2, downOnly.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // The gauges' figures over the last 24 hours: 2 up, 3 down.
        var sampler = _factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FeedbackGaugeSampler>().Single();
        var figures = await sampler.SampleOnceAsync();
        Assert.Equal((2, 3, 2.0), (figures.Up, figures.Down, figures.Score!.Value));
    }

    [Theory]
    [InlineData("?verdict=meh", "verdict")]
    [InlineData("?set=everything", "set")]
    [InlineData("?from=yesterday", "from")]
    public async Task Export_rejects_bad_parameters_naming_them(string query, string field)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/reports/feedback/export" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public void The_expected_text_is_the_first_cited_stretch_without_markers_or_closing_punctuation()
    {
        Assert.Equal("Refunds are available within 30 days of purchase",
            FeedbackExport.FirstSentence("Refunds are available within 30 days of purchase [1]. Annual plans get a prorated refund [2]."));
        Assert.Equal("3 questions were not found today (of 12 asked)",
            FeedbackExport.FirstSentence("3 questions were not found today (of 12 asked). [1] The rest were answered. [1]"));
        Assert.Equal("The rate is 1.08 today", FeedbackExport.FirstSentence("The rate is 1.08 today. It changes daily."));
    }

    internal static FeedbackGiven Feedback(string answerId, string verdict, DateTimeOffset at) => new(
        answerId,
        verdict,
        null,
        null,
        "How long do refunds take?",
        AnswerStatus.Answered,
        Intents.Documents,
        "Refunds are available within 30 days of purchase [1]. Annual plans get a prorated refund [2].",
        [new FeedbackCitation(2, "plans.csv", null, 4), new FeedbackCitation(1, "refund-policy.pdf", 2)],
        at.AddMinutes(-1))
    {
        OccurredAt = at,
    };

    private static async Task<(string Text, HttpResponseMessage Response)> EventuallyExportAsync(
        HttpClient client, string query, int expectedLines, int expectedSkipped)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.GetAsync("/reports/feedback/export?" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            var skipped = int.Parse(response.Headers.GetValues("Switchboard-Skipped").Single(), System.Globalization.CultureInfo.InvariantCulture);
            if ((lines == expectedLines && skipped == expectedSkipped) || DateTime.UtcNow > deadline)
            {
                Assert.Equal((expectedLines, expectedSkipped), (lines, skipped));
                return (text, response);
            }

            await Task.Delay(100);
        }
    }
}
