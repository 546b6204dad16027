using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Tests.Fakes;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// <c>GET /v1/ask/{id}/events</c> at the Gateway with fake agents and a real redis-server: the decision ends the stream,
/// a rejected answer arrives as such, and the cap on open streams answers 503 with Retry-After instead of queueing.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DecisionEventsTests(GatewayFixture fixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        fixture.Agents.Reset();
        fixture.Agents.Review = _ => new ReviewResult(ReviewVerdicts.NeedsApproval, [], null, "sensitive");
        _gateway = fixture.WithSettings(new Dictionary<string, string>
        {
            ["services:risk:http:0"] = fixture.Agents.RiskUrl,
            ["Messaging:Consumers:sb:approvals:PollInterval"] = "00:00:00.050",
            ["Gateway:Approvals:FollowPollInterval"] = "00:00:00.100",
            ["Gateway:Approvals:MaxFollowers"] = "1",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_rejection_ends_the_stream_and_a_second_follower_beyond_the_cap_gets_503()
    {
        using var client = _gateway.CreateClient();
        using var asked = await client.AskAsync(new { question = $"{FakeAgents.RefundQuestion} ({Guid.NewGuid():N})" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var held = (await asked.Content.ReadFromJsonAsync<AskResponse>(SwitchboardJson.Options))!;

        using var follow = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/ask/{held.AnswerId}/events"),
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, follow.StatusCode);
        var body = follow.Content.ReadAsStringAsync();

        // The one allowed stream is open: another is refused at once, never queued behind it.
        using var second = await client.GetAsync($"/v1/ask/{held.AnswerId}/events");
        var busy = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(5, busy.GetProperty("retryAfterSeconds").GetInt32());
        Assert.NotNull(second.Headers.RetryAfter);

        await Eventually.MatchAsync(
            async () => (await client.PostAsJsonAsync($"/v1/approvals/{held.AnswerId}/reject", new { reason = "not for sharing" })).StatusCode,
            status => status == HttpStatusCode.OK, "the rejection (once the answer is queued)", 30);

        var events = ServerSentEventText.Parse(await body.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(["pending", "answer"], events.Select(e => e.Event));
        var decided = JsonSerializer.Deserialize<AskResponse>(events[1].Data, SwitchboardJson.Options)!;
        Assert.Equal(AnswerStatus.Rejected, decided.Status);
        Assert.Contains("not for sharing", decided.Answer, StringComparison.Ordinal);

        // The stream closed, so its place is free again.
        using var third = await client.GetAsync($"/v1/ask/{held.AnswerId}/events");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task An_unknown_answer_is_a_404_problem_not_a_stream()
    {
        using var client = _gateway.CreateClient();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/ask/no-such-answer/events"), HttpStatusCode.NotFound);
    }
}
