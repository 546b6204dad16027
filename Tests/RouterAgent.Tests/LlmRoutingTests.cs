using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Routing;
using Switchboard.RouterAgent.Tests.Support;
using Switchboard.Tests.Agents;

namespace Switchboard.RouterAgent.Tests;

/// <summary>
/// /route with a model configured: the real RouterAgent against a local server speaking OpenAI's chat-completions
/// protocol. The ML.NET classifier still trains and is the fallback.
/// </summary>
public sealed class LlmRoutingTests : IAsyncLifetime
{
    // The ML.NET classifier routes this to usage_report (RouteApiTests), so a different intent shows who decided.
    private const string Question = "How many questions were not found today?";
    private ModelBackedRouter _router = null!;

    public async Task InitializeAsync() => _router = await ModelBackedRouter.StartAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    private async Task<RouteDecision> RouteAsync()
    {
        var response = await _router.Client.PostAsJsonAsync("/route", new RouteRequest(Question));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RouteDecision>())!;
    }

    [Fact]
    public async Task The_model_classifies_through_structured_output_and_its_confidence_is_clamped()
    {
        _router.Model.Reply("""{"intent":"documents","confidence":1.7}""");

        var decision = await RouteAsync();

        Assert.Equal(Intents.Documents, decision.Intent);
        Assert.Equal(1.0, decision.Confidence);
        Assert.Equal([AgentNames.Retrieval], decision.Agents);
        var request = Assert.Single(_router.Model.Requests);
        Assert.Equal("json_schema", request.GetProperty("response_format").GetProperty("type").GetString());
        var instructions = _router.Model.SystemText(0);
        Assert.StartsWith("You are the router of Switchboard", instructions);
        foreach (var intent in Intents.All)
        {
            Assert.Contains($"- {intent}: ", instructions);
        }
    }

    [Fact]
    public async Task Low_model_confidence_in_a_refusal_still_falls_back_to_documents()
    {
        _router.Model.Reply("""{"intent":"out_of_scope","confidence":0.1}""");

        var decision = await RouteAsync();

        Assert.Equal(Intents.Documents, decision.Intent);
        Assert.Equal(0.1, decision.Confidence, 6);
    }

    [Theory]
    [InlineData("this is not JSON")]
    [InlineData("""{"intent":"weather","confidence":0.99}""")]
    public async Task An_unusable_reply_falls_back_to_the_ml_net_classifier(string reply)
    {
        _router.Model.Reply(reply);

        var decision = await RouteAsync();

        Assert.Single(_router.Model.Requests);
        Assert.Equal(Intents.UsageReport, decision.Intent);
        Assert.True(_router.Factory.Services.GetRequiredService<IntentClassifier>().TryPredict(Question, out var ml));
        Assert.Equal(ml.Confidence, decision.Confidence, 6);
    }

    [Fact]
    public async Task A_failing_model_falls_back_to_the_ml_net_classifier()
    {
        _router.Model.Fail(500);

        var decision = await RouteAsync();

        Assert.Equal(Intents.UsageReport, decision.Intent);
        Assert.Equal(2, _router.Model.Requests.Count); // one try and the one configured retry
    }
}
