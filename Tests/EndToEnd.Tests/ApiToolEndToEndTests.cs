using System.Net;
using System.Net.Http.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// A question about live data is answered through the RetrievalAgent's REST tool: Gateway → screen → route →
/// RetrievalAgent → FX rates API (authenticated with its key) → review, with a citation of the API.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiToolEndToEndTests(SwitchboardApp stack)
{
    [Fact]
    public async Task Exchange_rate_question_is_answered_through_the_api_tool_with_a_citation_of_the_api()
    {
        var answer = await AskAsync("What is the EUR/USD rate on 2026-11-20?");

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Contains("1.0842", answer.Answer);           // the sample API's EUR/USD value for that day
        Assert.Contains("[1]", answer.Answer);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal("FX rates API", citation.DocumentName);
        Assert.StartsWith("api:fxrates/", citation.DocumentId);
        Assert.Equal(ReviewVerdicts.Pass, answer.ReviewVerdict);
        Assert.Equal(Intents.Documents, answer.Route?.Intent);
    }

    [Fact]
    public async Task Latest_rate_is_answered_without_a_date()
    {
        var answer = await AskAsync("What is the EUR/USD rate?");

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Contains("EUR/USD", answer.Answer);
        Assert.Equal("FX rates API", Assert.Single(answer.Citations).DocumentName);
    }

    [Fact]
    public async Task The_sample_api_refuses_callers_without_its_key()
    {
        using var client = new HttpClient { BaseAddress = stack.FxRates.BaseAddress };

        using var response = await client.GetAsync("/v1/rates/EUR/USD");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<AskResponse> AskAsync(string question)
    {
        using var response = await stack.Http.PostAsJsonAsync("/v1/ask", new AskRequest(question), SwitchboardJson.Options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!;
    }
}
