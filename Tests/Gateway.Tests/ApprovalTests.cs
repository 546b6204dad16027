using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Approvals;
using Switchboard.Gateway.Tests.Fakes;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The approval policy and queue at the Gateway, with fake agents and a real redis-server: which answers are held, what
/// the RiskAgent is sent, what the asker and the approver see, expiry, and the 4xx of bad decisions.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ApprovalTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const string Approver = "X-Switchboard-Approver";
    private FakeAgents Agents => fixture.Agents;
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        Agents.Reset();
        _gateway = Gateway(TimeSpan.FromMinutes(10));
        return Task.CompletedTask;
    }

    private WebApplicationFactory<Program> Gateway(TimeSpan maxAge) => fixture.WithSettings(new Dictionary<string, string>
    {
        ["services:risk:http:0"] = Agents.RiskUrl,
        ["Gateway:Approvals:Intents:0"] = Intents.UsageReport,
        ["Gateway:Approvals:MaxAge"] = maxAge.ToString(),
        ["Gateway:Approvals:ExpiryInterval"] = "00:00:00.200",
        ["Messaging:Consumers:sb:approvals:PollInterval"] = "00:00:00.050",
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static string Unique(string question) => $"{question} ({Guid.NewGuid():N})";

    [Fact]
    public async Task A_low_risk_answer_leaves_at_once_with_its_risk_and_the_risk_agent_sees_what_was_reviewed()
    {
        using var client = _gateway.CreateClient();
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.Pass,
            [new SentenceReview("a", [1], true, 0.8), new SentenceReview("b", [2], true, 0.7)], null, null);

        var answer = await client.AskOkAsync(new { question = Unique(FakeAgents.RefundQuestion) });

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal(RiskLevels.Low, answer.Risk?.Level);
        Assert.Null(answer.Approval);
        var sent = Assert.Single(Agents.Risks);
        Assert.Equal(FakeAgents.RefundAnswer, sent.Answer);
        Assert.Equal([1, 2], sent.Citations!.Select(c => c.Number));
        Assert.Equal(0.7, sent.MinSupport);
        Assert.Equal(Intents.Documents, sent.Intent);
    }

    [Fact]
    public async Task High_risk_needs_approval_and_configured_intents_are_held_and_queued()
    {
        using var client = _gateway.CreateClient();
        Agents.Risk = _ => new RiskAssessment(RiskLevels.High, [new RiskReason(RiskCodes.FinancialAdvice, RiskLevels.High, "advice")]);
        var risky = await AskHeldAsync(client, Unique(FakeAgents.RefundQuestion));
        Assert.Contains("risk high", (await WaitQueuedAsync(client, risky.AnswerId)).Triggers);

        Agents.Reset();
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.NeedsApproval, [], null, "sensitive");
        var flagged = await AskHeldAsync(client, Unique(FakeAgents.RefundQuestion));
        Assert.Contains("review needs_approval", (await WaitQueuedAsync(client, flagged.AnswerId)).Triggers);

        Agents.Reset();
        Agents.Route = request => new RouteDecision(Intents.UsageReport, 0.9, [AgentNames.Reporting], request.Question);
        var usage = await AskHeldAsync(client, Unique("How many tokens did we use?"));
        var item = await WaitQueuedAsync(client, usage.AnswerId);
        Assert.Contains("intent usage_report", item.Triggers);
        Assert.Equal("You used 1200 tokens today [1].", item.Answer);
        Assert.Equal(AnswerStatus.PendingApproval, (await client.GetFromJsonAsync<AskResponse>($"/v1/ask/{usage.AnswerId}", SwitchboardJson.Options))!.Status);
    }

    [Fact]
    public async Task A_held_answer_nobody_decides_expires_and_the_asker_is_told()
    {
        await using var gateway = Gateway(TimeSpan.FromSeconds(2));
        using var client = gateway.CreateClient();
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.NeedsApproval, [], null, "sensitive");
        var held = await AskHeldAsync(client, Unique(FakeAgents.RefundQuestion));

        var expired = await Eventually.MatchAsync(
            async () => (await client.GetFromJsonAsync<AskResponse>($"/v1/ask/{held.AnswerId}", SwitchboardJson.Options))!,
            a => a.Status == AnswerStatus.Expired, "the held answer to expire", 30);
        Assert.Equal(ApprovalStatus.Expired, expired.Approval?.Status);
        Assert.Equal("system", expired.Approval?.DecidedBy);
        Assert.Empty(expired.Citations);

        using var late = await client.SendAsync(As(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve"));
        var problem = await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Equal(ApprovalStatus.Expired, problem.GetProperty("approvalStatus").GetString());

        var events = await fixture.ReadStreamAsync<ApprovalRecorded>(Streams.Approvals);
        Assert.Contains(events, e => e.Kind == ApprovalStatus.Expired && e.Item.Id == held.AnswerId && e.Item.DecidedBy == "system");
    }

    [Fact]
    public async Task Bad_decisions_are_4xx_problems()
    {
        using var client = _gateway.CreateClient();
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.NeedsApproval, [], null, "sensitive");
        var held = await AskHeldAsync(client, Unique(FakeAgents.RefundQuestion));
        await WaitQueuedAsync(client, held.AnswerId);

        var badName = await ProblemAssert.IsProblemAsync(await client.SendAsync(
            As(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve", name: new string('x', ApproverName.MaxNameLength + 1))), HttpStatusCode.BadRequest);
        Assert.Contains(Approver, badName.Detail());
        await ProblemAssert.IsProblemAsync(await client.SendAsync(As(HttpMethod.Get, "/v1/approvals/nope")), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.SendAsync(As(HttpMethod.Post, "/v1/approvals/nope/approve")), HttpStatusCode.NotFound);

        var noAnswer = await ProblemAssert.IsProblemAsync(
            await client.SendAsync(As(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/edit", new { reason = "x" })), HttpStatusCode.BadRequest);
        Assert.True(noAnswer.GetProperty("errors").TryGetProperty("answer", out _));
        var unknownField = await client.SendAsync(As(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/reject", new { reason = "x", approved = true }));
        await ProblemAssert.IsProblemAsync(unknownField, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await client.SendAsync(As(HttpMethod.Get, "/v1/approvals?count=0")), HttpStatusCode.BadRequest);

        using var approved = await client.SendAsync(As(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve"));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await ProblemAssert.IsProblemAsync(await client.SendAsync(As(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve")), HttpStatusCode.Conflict);

        var answer = (await client.GetFromJsonAsync<AskResponse>($"/v1/ask/{held.AnswerId}", SwitchboardJson.Options))!;
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal(FakeAgents.RefundAnswer, answer.Answer);
        Assert.Equal("tester", answer.Approval?.DecidedBy);
    }

    [Fact]
    public async Task The_risk_agent_down_is_a_503_naming_it_never_an_unscored_answer()
    {
        using var client = _gateway.CreateClient();
        Agents.Risk = _ => throw new InvalidOperationException("risk is down");

        var response = await client.AskAsync(new { question = Unique(FakeAgents.RefundQuestion) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("risk", problem.GetProperty("agent").GetString());
    }

    [Fact]
    public async Task In_the_open_mode_anyone_may_decide_and_is_recorded_by_the_header_or_as_anonymous()
    {
        using var client = _gateway.CreateClient();
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.NeedsApproval, [], null, "sensitive");
        var held = await AskHeldAsync(client, Unique(FakeAgents.RefundQuestion));
        await WaitQueuedAsync(client, held.AnswerId);

        using var list = await client.GetAsync("/v1/approvals");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var approved = await client.PostAsync($"/v1/approvals/{held.AnswerId}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var item = JsonSerializer.Deserialize<ApprovalItem>(await approved.Content.ReadAsStringAsync(), SwitchboardJson.Options)!;
        Assert.Equal(ApproverName.OpenModeName, item.DecidedBy);
    }

    [Fact]
    public async Task With_jwt_only_the_approver_and_admin_roles_may_read_or_decide_and_the_subject_is_recorded()
    {
        var tokens = new TestTokens();
        await using var gateway = fixture.WithSettings(new Dictionary<string, string>(tokens.Settings)
        {
            ["services:risk:http:0"] = Agents.RiskUrl,
            ["Messaging:Consumers:sb:approvals:PollInterval"] = "00:00:00.050",
        });
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.NeedsApproval, [], null, "sensitive");
        using var reader = Bearer(gateway.CreateClient(), tokens.Create("rita", Roles("reader", "contributor")));
        using var approver = Bearer(gateway.CreateClient(), tokens.Create("dana", Roles("approver")));
        using var admin = Bearer(gateway.CreateClient(), tokens.Create("root", Roles("admin")));
        var first = await AskHeldAsync(reader, Unique(FakeAgents.RefundQuestion));
        var second = await AskHeldAsync(reader, Unique(FakeAgents.RefundQuestion));
        await WaitQueuedAsync(approver, first.AnswerId);

        // A reader (even one sending the open mode's name header) may neither read the queue nor decide.
        await ProblemAssert.IsProblemAsync(await reader.GetAsync("/v1/approvals"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await reader.GetAsync($"/v1/approvals/{first.AnswerId}"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await reader.SendAsync(As(HttpMethod.Post, $"/v1/approvals/{first.AnswerId}/approve")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await gateway.CreateClient().GetAsync("/v1/approvals"), HttpStatusCode.Unauthorized);

        using (var list = await approver.GetAsync("/v1/approvals"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        // The header names nobody with JWT: the decision is recorded under the token's subject.
        using var approved = await approver.SendAsync(As(HttpMethod.Post, $"/v1/approvals/{first.AnswerId}/approve", name: "someone-else"));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("dana", JsonSerializer.Deserialize<ApprovalItem>(await approved.Content.ReadAsStringAsync(), SwitchboardJson.Options)!.DecidedBy);

        await WaitQueuedAsync(admin, second.AnswerId);
        using var rejected = await admin.PostAsJsonAsync($"/v1/approvals/{second.AnswerId}/reject", new { reason = "no" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("root", JsonSerializer.Deserialize<ApprovalItem>(await rejected.Content.ReadAsStringAsync(), SwitchboardJson.Options)!.DecidedBy);
    }

    private static Dictionary<string, object> Roles(params string[] roles) => new() { ["roles"] = roles };

    private static HttpClient Bearer(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static HttpRequestMessage As(HttpMethod method, string path, object? body = null, string name = "tester")
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(Approver, name);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static async Task<AskResponse> AskHeldAsync(HttpClient client, string question)
    {
        using var response = await client.AskAsync(new { question });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        var answer = JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!;
        Assert.Equal(AnswerStatus.PendingApproval, answer.Status);
        Assert.Empty(answer.Citations);
        Assert.Equal(ApprovalStatus.Pending, answer.Approval?.Status);
        return answer;
    }

    private static async Task<ApprovalItem> WaitQueuedAsync(HttpClient client, string id) =>
        await Eventually.MatchAsync(
            async () =>
            {
                using var response = await client.SendAsync(As(HttpMethod.Get, $"/v1/approvals/{id}"));
                return response.StatusCode == HttpStatusCode.OK
                    ? JsonSerializer.Deserialize<ApprovalItem>(await response.Content.ReadAsStringAsync(), SwitchboardJson.Options)
                    : null;
            },
            item => item is not null, $"answer {id} in the queue", 30) ?? throw new InvalidOperationException();
}
