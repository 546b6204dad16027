using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Tests.Fakes;
using Switchboard.Gateway.Usage;

namespace Switchboard.Gateway.Tests;

/// <summary>Every answer carries <c>usage{inputTokens, outputTokens, costUsd, model}</c>, and the interaction event carries it on.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AnswerUsageTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();
    private FakeAgents Agents => fixture.Agents;

    public Task InitializeAsync()
    {
        Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Extractive_answer_without_reported_usage_is_counted_with_o200k_at_no_cost()
    {
        var answer = await _client.AskOkAsync(new { question = FakeAgents.RefundQuestion });

        var tokens = TokenCounter.Shared;
        var expectedInput = tokens.CountTokens(FakeAgents.RefundQuestion) + FakeAgents.RefundContexts.Sum(c => tokens.CountTokens(c.Text));
        var usage = answer.Usage!;
        Assert.Equal(AnswerUsageAccounting.ExtractiveModel, usage.Model);
        Assert.Equal(expectedInput, usage.InputTokens);
        Assert.Equal(tokens.CountTokens(FakeAgents.RefundAnswer), usage.OutputTokens);
        Assert.True(usage.OutputTokens > 0);
        Assert.Equal(0m, usage.CostUsd);
        Assert.True(usage.Estimated);

        var recorded = Assert.Single(await fixture.ReadStreamAsync<InteractionRecorded>(Streams.Interactions), i => i.AnswerId == answer.AnswerId);
        Assert.Equal(usage, recorded.Usage);
    }

    [Fact]
    public async Task Usage_reported_by_the_agent_and_the_review_is_summed()
    {
        Agents.Retrieval = _ => new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, FakeAgents.RefundAnswer,
            FakeAgents.RefundCitations, FakeAgents.RefundContexts) { Usage = new AnswerUsage(900, 60, 0.000171m, "gpt-4o-mini") };
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.Pass, [], null, null) { Usage = new AnswerUsage(400, 10, 0.000066m, "gpt-4o-mini") };

        var answer = await _client.AskOkAsync(new { question = FakeAgents.RefundQuestion });

        Assert.Equal(new AnswerUsage(1300, 70, 0.000237m, "gpt-4o-mini"), answer.Usage);
    }

    [Fact]
    public async Task Answers_without_any_model_carry_zero_usage()
    {
        Agents.Route = request => new RouteDecision(Intents.Smalltalk, 0.97, [], request.Question);

        var answer = await _client.AskOkAsync(new { question = "Hello there!" });

        Assert.Equal(AnswerUsage.None, answer.Usage);
    }
}
