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
    [InlineData(Intents.OutOfScope, "Who won the 2018 FIFA World Cup?", 0.95)]
    [InlineData(Intents.Smalltalk, "Hello, who are you?", 0.6)]
    public void Confident_refusing_intent_is_kept_with_no_agents(string predicted, string question, double confidence)
    {
        var decision = Planner.Plan(question, new IntentPrediction(predicted, confidence));

        Assert.Equal(predicted, decision.Intent);
        Assert.Empty(decision.Agents);
    }

    /// <summary>
    /// Failure class 1 (routing): an out_of_scope verdict at 0.6–0.9 on a question about a corpus the examples never saw
    /// goes to documents, whose evidence decides; only a very sure one is refused without looking.
    /// </summary>
    [Fact]
    public void Unsure_out_of_scope_goes_to_documents_where_the_evidence_decides()
    {
        var decision = Planner.Plan("Which organization is Stu Mitchell affiliated with?", new IntentPrediction(Intents.OutOfScope, 0.8));

        Assert.Equal(Intents.Documents, decision.Intent);
        Assert.Equal([AgentNames.Retrieval], decision.Agents);
    }

    /// <summary>Failure class 1: "How many …" is not a usage question unless it speaks of usage.</summary>
    [Theory]
    [InlineData("How many permit checks did Alabama have in November 2015?", Intents.Documents)]
    [InlineData("What were the four categories of conduct by a service provider?", Intents.Documents)]
    [InlineData("How many questions were asked today?", Intents.UsageReport)]
    [InlineData("How much have we spent on model calls this week?", Intents.UsageReport)]
    public void Usage_report_needs_usage_vocabulary(string question, string expected)
    {
        var decision = Planner.Plan(question, new IntentPrediction(Intents.UsageReport, 0.7));

        Assert.Equal(expected, decision.Intent);
    }

    /// <summary>Failure class 1: a document question the classifier scores as smalltalk is not answered with a greeting.</summary>
    [Theory]
    [InlineData("What phone number can you call to get Form SS-5 from the local office?", Intents.Documents)]
    [InlineData("Thanks a lot, that helped", Intents.Smalltalk)]
    public void Smalltalk_needs_smalltalk_vocabulary(string question, string expected)
    {
        var decision = Planner.Plan(question, new IntentPrediction(Intents.Smalltalk, 0.8));

        Assert.Equal(expected, decision.Intent);
    }

    [Fact]
    public void Unsure_usage_report_with_usage_vocabulary_is_not_overridden()
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
