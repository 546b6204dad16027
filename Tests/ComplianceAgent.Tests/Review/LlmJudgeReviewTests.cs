using System.Net.Http.Json;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Agents;
using Switchboard.Tests.Support;

namespace Switchboard.ComplianceAgent.Tests.Review;

/// <summary>
/// /review with <c>Compliance:Review:Judge=Llm</c>: the real ComplianceAgent (real Redis) against a local server speaking
/// OpenAI's chat-completions protocol.
/// </summary>
public sealed class LlmJudgeReviewTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly AnswerContext[] Contexts =
    [
        new(1, "expense-policy.txt", "Hotel costs are reimbursed up to 180 EUR per night in Europe. Meals are reimbursed up to 60 EUR per day."),
    ];

    // Both sentences pass the lexical check: their words and numbers are all in the context.
    private const string Answer = "Hotel costs are reimbursed up to 180 EUR per night in Europe [1]. Meals are reimbursed up to 180 EUR per night [1].";

    private FakeOpenAIServer _model = null!;

    public async Task InitializeAsync() => _model = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    private async Task<ReviewResult> ReviewAsync()
    {
        var settings = _model.Settings.Select(s => (s.Key, s.Value)).Append(("Compliance:Review:Judge", "Llm")).ToArray();
        await using var app = ComplianceApp.Create(redis, settings);
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/review", new ReviewRequest("What is reimbursed?", Answer, Contexts));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ReviewResult>())!;
    }

    [Fact]
    public async Task A_sentence_passes_only_when_both_the_lexical_check_and_the_judge_pass_it()
    {
        _model.Reply("""{"sentences":[{"sentence":1,"supported":true,"reason":"stated"},{"sentence":2,"supported":false,"reason":"meals are 60 EUR per day"}]}""",
            promptTokens: 200, completionTokens: 30);

        var result = await ReviewAsync();

        Assert.Equal(ReviewVerdicts.Revise, result.Verdict);
        Assert.Equal("Hotel costs are reimbursed up to 180 EUR per night in Europe [1].", result.RevisedAnswer);
        Assert.Equal([true, false], result.Sentences.Select(s => s.Supported));
        Assert.Contains("groundedness judge", result.Reason);
        Assert.Equal(200, result.Usage?.InputTokens);
        Assert.Equal(30, result.Usage?.OutputTokens);

        var instructions = _model.SystemText(0);
        Assert.StartsWith("You are a strict compliance reviewer", instructions);
        Assert.Contains("[1] expense-policy.txt: Hotel costs are reimbursed", instructions);
        Assert.Matches(@"\n2\. Meals are reimbursed up to 180 EUR per night\.? \(cites: \[1\]\)", instructions);
        Assert.Equal("json_schema", Assert.Single(_model.Requests).GetProperty("response_format").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_judge_cannot_pass_what_the_lexical_check_rejects()
    {
        _model.Reply("""{"sentences":[{"sentence":1,"supported":true,"reason":"ok"}]}""");
        var settings = _model.Settings.Select(s => (s.Key, s.Value)).Append(("Compliance:Review:Judge", "Llm")).ToArray();
        await using var app = ComplianceApp.Create(redis, settings);
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/review", new ReviewRequest("q", "Flights are always business class [1].", Contexts));
        var result = (await response.Content.ReadFromJsonAsync<ReviewResult>())!;

        Assert.Equal(ReviewVerdicts.Block, result.Verdict);
        Assert.Empty(_model.Requests); // nothing passed lexically, so there was nothing for the judge to confirm
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"sentences":[{"sentence":1,"supported":false,"reason":"only one verdict"}]}""")]
    public async Task An_unusable_judge_reply_keeps_the_lexical_verdict(string reply)
    {
        _model.Reply(reply);

        var result = await ReviewAsync();

        Assert.Single(_model.Requests);
        Assert.Equal(ReviewVerdicts.Pass, result.Verdict);
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task A_failing_judge_keeps_the_lexical_verdict()
    {
        _model.Fail(500);

        var result = await ReviewAsync();

        Assert.NotEmpty(_model.Requests);
        Assert.Equal(ReviewVerdicts.Pass, result.Verdict);
        Assert.All(result.Sentences, s => Assert.True(s.Supported));
    }
}
