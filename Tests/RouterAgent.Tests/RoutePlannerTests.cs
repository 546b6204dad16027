using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Routing;

namespace Switchboard.RouterAgent.Tests;

public sealed class RoutePlannerTests
{
    private static readonly RoutePlanner Planner = new(Options.Create(new RouterOptions { MinConfidence = 0.6 }));

    [Theory]
    [InlineData(Intents.OutOfScope)]
    [InlineData(Intents.Smalltalk)]
    public void Unsure_refusing_intent_falls_back_to_documents(string predicted)
    {
        var decision = Planner.Plan("Who signs off the Q3 budget?", new IntentPrediction(predicted, 0.41));

        Assert.Equal(Intents.Documents, decision.Intent);
        Assert.Equal([AgentNames.Retrieval], decision.Agents);
        Assert.Equal(0.41, decision.Confidence);
    }

    [Theory]
    [InlineData(Intents.OutOfScope)]
    [InlineData(Intents.Smalltalk)]
    public void Confident_refusing_intent_is_kept_with_no_agents(string predicted)
    {
        var decision = Planner.Plan("Tell me a joke", new IntentPrediction(predicted, 0.6));

        Assert.Equal(predicted, decision.Intent);
        Assert.Empty(decision.Agents);
    }

    [Fact]
    public void Unsure_usage_report_is_not_overridden()
    {
        var decision = Planner.Plan("usage?", new IntentPrediction(Intents.UsageReport, 0.3));

        Assert.Equal(Intents.UsageReport, decision.Intent);
        Assert.Equal([AgentNames.Reporting], decision.Agents);
    }

    [Fact]
    public void Rewritten_question_has_whitespace_normalised()
    {
        var decision = Planner.Plan("  What is the\n\tleave   policy? ", new IntentPrediction(Intents.Documents, 0.9));

        Assert.Equal("What is the leave policy?", decision.RewrittenQuestion);
    }
}
