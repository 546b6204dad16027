using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.RouterAgent.Tests;

/// <summary><c>POST /route</c> with the session's earlier turns: the follow-up is rewritten, then classified.</summary>
public sealed class RouteRewritingTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Follow_up_with_turns_is_rewritten_and_routed_as_the_standalone_question()
    {
        using var client = factory.CreateClient();
        var request = new RouteRequest("and in 2023-Q3?", ["What was the revenue in 2024-Q3?"])
        {
            Turns = [new ConversationTurn("What was the revenue in 2024-Q3?", Answer: "Revenue was 4.2 million [1].")],
        };

        var decision = await RouteAsync(client, request);

        Assert.Equal("What was the revenue in 2023-Q3?", decision.RewrittenQuestion);
        Assert.Equal(Intents.Documents, decision.Intent);
        Assert.Equal([AgentNames.Retrieval], decision.Agents);
    }

    [Fact]
    public async Task History_of_questions_alone_is_enough_to_rewrite()
    {
        using var client = factory.CreateClient();

        var decision = await RouteAsync(client, new RouteRequest("what about Vaultkeeper?", ["What is the monthly price of Forecast Studio?"]));

        Assert.Equal("What is the monthly price of Vaultkeeper?", decision.RewrittenQuestion);
    }

    private static async Task<RouteDecision> RouteAsync(HttpClient client, RouteRequest request)
    {
        // The classifier trains in the background after start; until then /route answers 503.
        var response = await Eventually.MatchAsync(
            () => client.PostAsJsonAsync("/route", request),
            r => r.StatusCode != HttpStatusCode.ServiceUnavailable,
            "the classifier to finish training", seconds: 60);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RouteDecision>())!;
    }
}
