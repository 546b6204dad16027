using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Tests.Support;
using Switchboard.Tests.Agents;
using Switchboard.Tests.Support;

namespace Switchboard.RouterAgent.Tests;

/// <summary>
/// Follow-up rewriting with a model configured: the real RouterAgent against a local server speaking OpenAI's
/// chat-completions protocol. The rewrite call comes first, then the classification of the rewritten question.
/// </summary>
public sealed class LlmRewritingTests : IAsyncLifetime
{
    private const string Previous = "What was the revenue in 2024-Q3?";
    private const string FollowUp = "and in 2023-Q3?";
    private ModelBackedRouter _router = null!;

    public async Task InitializeAsync() => _router = await ModelBackedRouter.StartAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    private async Task<RouteDecision> RouteAsync(RouteRequest request)
    {
        var response = await _router.Client.PostAsJsonAsync("/route", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RouteDecision>())!;
    }

    private static RouteRequest FollowUpRequest() => new(FollowUp, [Previous])
    {
        Turns = [new ConversationTurn(Previous, Answer: "Revenue was 4.2 million [1].")],
    };

    [Fact]
    public async Task Follow_up_is_rewritten_by_the_model_with_the_turns_and_the_rewrite_is_classified()
    {
        _router.Model.Reply("""{"question":"What was the revenue in Q3 of 2023?"}""")
              .Reply("""{"intent":"documents","confidence":0.9}""");

        var decision = await RouteAsync(FollowUpRequest());

        Assert.Equal("What was the revenue in Q3 of 2023?", decision.RewrittenQuestion);
        Assert.Equal(2, _router.Model.Requests.Count);
        var rewriteInstructions = _router.Model.SystemText(0);
        Assert.StartsWith("You rewrite follow-up questions", rewriteInstructions);
        Assert.Contains($"User: {Previous}", rewriteInstructions);
        Assert.Contains("Switchboard: Revenue was 4.2 million [1].", rewriteInstructions);
        Assert.Contains("What was the revenue in Q3 of 2023?", _router.Model.Requests[1].GetProperty("messages").ToString());
    }

    [Fact]
    public async Task A_first_question_is_not_sent_to_the_model_for_rewriting()
    {
        _router.Model.Reply("""{"intent":"documents","confidence":0.9}""");

        var decision = await RouteAsync(new RouteRequest(Previous));

        Assert.Equal(Previous, decision.RewrittenQuestion);
        var only = Assert.Single(_router.Model.Requests);
        Assert.StartsWith("You are the router of Switchboard", _router.Model.SystemText(0));
        Assert.NotNull(only.GetProperty("messages").ToString());
    }

    [Fact]
    public async Task An_unusable_rewrite_falls_back_to_the_rule_based_rewriter()
    {
        _router.Model.Reply("this is not JSON")
              .Reply("""{"intent":"documents","confidence":0.9}""");

        var decision = await RouteAsync(FollowUpRequest());

        Assert.Equal("What was the revenue in 2023-Q3?", decision.RewrittenQuestion); // the rules' merge
        Assert.Equal(2, _router.Model.Requests.Count);
    }
}
