using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// Following a held answer over server-sent events (<c>GET /v1/ask/{id}/events</c>) through real processes: the stream
/// says <c>pending</c>, stays open while nobody decides, and delivers the decision as soon as an approver acts through
/// <c>/v1/approvals</c>; the asker's web page shows the decision without a reload.
/// </summary>
[Collection(ApprovalStackCollection.Name)]
public sealed class ApprovalFollowTests(ApprovalStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task The_event_stream_of_a_held_answer_delivers_the_approvers_decision()
    {
        var held = await stack.AskHeldAsync();
        await stack.WaitListedAsync(held.AnswerId);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/ask/{held.AnswerId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await stack.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        await using var events = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("pending", events.Current.EventType);
        var pending = JsonSerializer.Deserialize<AskResponse>(events.Current.Data, SwitchboardJson.Options)!;
        Assert.Equal(AnswerStatus.PendingApproval, pending.Status);
        Assert.Empty(pending.Citations);

        // Nobody has decided: nothing but heartbeats arrives. Then an approver edits and releases it.
        var next = events.MoveNextAsync().AsTask();
        await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.False(next.IsCompleted && events.Current.EventType == "answer", "a decision arrived before anyone decided");
        const string edited = "Business class is permitted on flights over eight hours [1].";
        using (var edit = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/edit",
                   new { answer = edited, reason = "tightened" }, approver: "ivy")))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }

        var decided = await NextAnswerAsync(events, next);
        Assert.Equal(AnswerStatus.Answered, decided.Status);
        Assert.Equal(edited, decided.Answer);
        Assert.Equal(ApprovalStatus.Edited, decided.Approval?.Status);
        Assert.Equal("ivy", decided.Approval?.DecidedBy);
        Assert.False(await events.MoveNextAsync(), "the stream ends after the decision");
        Assert.Equal(decided.Answer, (await stack.GetAnswerAsync(held.AnswerId)).Answer);

        // A decided answer's stream is its answer event at once; an unknown id is a 404 problem before any stream.
        using (var again = await stack.Http.GetAsync($"/v1/ask/{held.AnswerId}/events"))
        {
            var text = await again.Content.ReadAsStringAsync();
            Assert.StartsWith("event: answer", text, StringComparison.Ordinal);
        }

        using var unknown = await stack.Http.GetAsync("/v1/ask/0123456789abcdef0123456789abcdef/events");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_asker_page_shows_the_decision_when_the_approver_acts()
    {
        await stack.EnsureTravelPolicyAsync();
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        await page.GotoAsync(stack.Gateway.BaseAddress.ToString());
        var asked = page.WaitForResponseAsync(r => r.Url.EndsWith("/v1/ask", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.GetByLabel("Question", new() { Exact = true }).FillAsync(ApprovalStack.Question);
        await page.GetByLabel("Question", new() { Exact = true }).PressAsync("Enter");
        await asked; // started; the page's own status below says when it has read it (FinishedAsync can miss a streamed body's end)

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("pending_approval");
        await Assertions.Expect(page.Locator("#ask-progress")).ToHaveTextAsync(new Regex("Waiting for an approver"));
        var id = await page.Locator("#answer").GetAttributeAsync("data-answer-id")
                 ?? throw new InvalidOperationException("the page does not name the held answer");
        await AxeCheck.AssertAccessibleAsync(page, "ask page with a held answer", output);
        await stack.WaitListedAsync(id);

        using (var approve = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{id}/approve", approver: "kim")))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }

        // No reload: the open event stream brings the released answer with its sources.
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("answered");
        await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("eight hours", new() { IgnoreCase = true });
        await Assertions.Expect(page.Locator("#sources .source").First).ToContainTextAsync("travel-expense-policy.pdf");
        await Assertions.Expect(page.Locator("#ask-progress")).ToHaveTextAsync("");
        Assert.True(session.Errors.Count == 0, "the page had errors:\n" + string.Join("\n", session.Errors));
    }

    private static async Task<AskResponse> NextAnswerAsync(IAsyncEnumerator<SseItem<string>> events, Task<bool> pendingMove)
    {
        var moved = await pendingMove.WaitAsync(TimeSpan.FromSeconds(60));
        while (moved)
        {
            if (events.Current.EventType == "answer")
            {
                return JsonSerializer.Deserialize<AskResponse>(events.Current.Data, SwitchboardJson.Options)!;
            }

            Assert.Equal("heartbeat", events.Current.EventType);
            moved = await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }

        throw new InvalidOperationException("the stream ended without the decision");
    }
}
