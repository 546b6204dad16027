using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Routing;

namespace Switchboard.RouterAgent.Tests;

public sealed class RouteApiTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private static readonly TimeSpan TrainingDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Health_becomes_healthy_once_the_classifier_is_trained()
    {
        using var client = factory.CreateClient();

        var response = await WaitUntilHealthyAsync(client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Route_classifies_and_plans_agents()
    {
        using var client = factory.CreateClient();
        await WaitUntilHealthyAsync(client);

        var response = await client.PostAsJsonAsync("/route", new RouteRequest("How many questions were\n not found   today?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = await response.Content.ReadFromJsonAsync<RouteDecision>();
        Assert.NotNull(decision);
        Assert.Equal(Intents.UsageReport, decision.Intent);
        Assert.Equal([AgentNames.Reporting], decision.Agents);
        Assert.InRange(decision.Confidence, 0.0, 1.0);
        Assert.Equal("How many questions were not found today?", decision.RewrittenQuestion);
    }

    /// <summary>
    /// Questions about what the anomaly detector found go to the ReportingAgent: the first two are in the examples file
    /// (the wording the issue names), the others are not.
    /// </summary>
    [Theory]
    [InlineData("anything unusual today?")]
    [InlineData("Any anomalies this week?")]
    [InlineData("Did anything unusual happen in the last 3 hours?")]
    [InlineData("Were there anomalies in cost yesterday?")]
    public async Task Questions_about_anomalies_are_routed_to_the_reporting_agent(string question)
    {
        using var client = factory.CreateClient();
        await WaitUntilHealthyAsync(client);

        var decision = await (await client.PostAsJsonAsync("/route", new RouteRequest(question))).Content.ReadFromJsonAsync<RouteDecision>();

        Assert.Equal(Intents.UsageReport, decision!.Intent);
        Assert.Equal([AgentNames.Reporting], decision.Agents);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task Blank_question_is_a_validation_problem_naming_the_field(string question)
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/route", new RouteRequest(question));

        await AssertValidationProblemAsync(response, "question");
    }

    [Fact]
    public async Task Missing_question_is_a_validation_problem_naming_the_field()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/route", JsonContent.Create(new { history = Array.Empty<string>() }));

        await AssertValidationProblemAsync(response, "question");
    }

    [Fact]
    public async Task Question_over_4000_characters_is_rejected()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/route", new RouteRequest(new string('a', 4001)));

        await AssertValidationProblemAsync(response, "question");
    }

    [Fact]
    public async Task Route_is_503_while_the_classifier_is_still_training()
    {
        // Without the training service the classifier stays untrained: the state every replica is in at start-up.
        using var untrained = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var trainer = services.Single(d => d.ServiceType == typeof(IHostedService)
                                               && d.ImplementationType == typeof(IntentClassifierTrainingService));
            services.Remove(trainer);
        }));
        using var client = untrained.CreateClient();

        var route = await client.PostAsJsonAsync("/route", new RouteRequest("What is the leave policy?"));
        var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, route.StatusCode);
        Assert.Equal("application/problem+json", route.Content.Headers.ContentType?.MediaType);
        var problem = await route.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("classifier is still training", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    private static async Task<HttpResponseMessage> WaitUntilHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TrainingDeadline;
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(100);
        }
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors has no '{field}': {problem}");
    }
}
