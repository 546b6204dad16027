using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The ask page's conversation view and document list in a real headless Chromium against the running stack: questions
/// asked with Enter carry one session id, earlier turns are listed above the answer and read back after a reload, a new
/// conversation forgets the old session; the document list pages (Previous/Next, as many per page as chosen) and filters
/// by name and status, matching what the API counts.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConversationAndDocumentsBrowserTests(SwitchboardApp stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_conversation_keeps_its_turns_across_a_reload_and_a_new_one_starts_empty()
    {
        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        const string first = "What is the daily meal allowance for international travel?";
        const string followUp = "And when must expense reports be submitted?";
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        var askedSessions = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/v1/ask", StringComparison.Ordinal))
            {
                askedSessions.Add(JsonDocument.Parse(request.PostData!).RootElement.GetProperty("sessionId").GetString());
            }
        };

        await page.GotoAsync(stack.Gateway.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("#conversation-empty")).ToBeVisibleAsync();
        await AskWithEnterAsync(page, first);
        await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("90 US dollars", new() { IgnoreCase = true });
        await AskWithEnterAsync(page, followUp);

        // The first turn moved into the conversation above the current answer; both questions carried one session id.
        var turns = page.Locator("#conversation li.turn");
        await Assertions.Expect(turns).ToHaveCountAsync(1);
        await Assertions.Expect(turns.First.Locator(".turn-question")).ToHaveTextAsync(first);
        await Assertions.Expect(turns.First.Locator(".turn-answer")).ToContainTextAsync("90 US dollars", new() { IgnoreCase = true });
        Assert.Equal(2, askedSessions.Count);
        var sessionId = Assert.Single(askedSessions.Distinct());
        Assert.False(string.IsNullOrEmpty(sessionId));

        // The Gateway kept both turns under that session; a reload lists them from GET /v1/sessions/{id}.
        var kept = await stack.Http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}");
        Assert.Equal([first, followUp], kept.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("question").GetString()));
        await page.ReloadAsync();
        await Assertions.Expect(turns).ToHaveCountAsync(2);
        await Assertions.Expect(turns.Nth(1).Locator(".turn-question")).ToHaveTextAsync(followUp);
        await AxeCheck.AssertAccessibleAsync(page, "ask page with a conversation", output);

        // A new conversation: the list empties, the old session is gone, the next question carries a new id.
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        await Assertions.Expect(turns).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Http.GetAsync($"/v1/sessions/{sessionId}")).StatusCode);
        await AskWithEnterAsync(page, first);
        Assert.Equal(3, askedSessions.Count);
        Assert.NotEqual(sessionId, askedSessions[2]);
        Assert.True(session.Errors.Count == 0, "the page had errors:\n" + string.Join("\n", session.Errors));
    }

    [Fact]
    public async Task The_document_list_pages_and_filters_like_the_api()
    {
        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        using var all = await stack.Http.GetAsync("/v1/documents?limit=1");
        var total = int.Parse(all.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > 5, $"the stack holds {total} documents; the sample set alone is more than 5");
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        var items = page.Locator("#documents li.document");
        await page.GotoAsync(stack.Gateway.BaseAddress.ToString());

        // Five per page: page 1, page 2 (no document twice), back to page 1 (the same five).
        await page.GetByLabel("Per page").SelectOptionAsync("5");
        await Assertions.Expect(page.Locator("#documents-page")).ToHaveTextAsync($"Documents 1–5 of {total}");
        var page1 = await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)");
        Assert.Equal(5, page1.Length);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Previous page" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(page.Locator("#documents-page")).ToHaveTextAsync(new Regex($"^Documents 6–\\d+ of {total}$"));
        var page2 = await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)");
        Assert.NotEmpty(page2);
        Assert.Empty(page1.Intersect(page2));
        await page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Assertions.Expect(page.Locator("#documents-page")).ToHaveTextAsync($"Documents 1–5 of {total}");
        Assert.Equal(page1, await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)"));

        // Filtered by name: only names containing it, as many as the API counts; then by status.
        await page.GetByLabel("Per page").SelectOptionAsync("50");
        await page.GetByLabel("Name contains").FillAsync("POLICY");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var policies = await stack.Http.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents?name=policy", SwitchboardJson.Options);
        Assert.Contains(policies!, d => d.Name == "travel-expense-policy.pdf");
        await Assertions.Expect(items).ToHaveCountAsync(Math.Min(policies!.Count, 50));
        foreach (var name in await page.Locator("#documents .document-name").AllTextContentsAsync())
        {
            Assert.Contains("policy", name, StringComparison.OrdinalIgnoreCase);
        }

        await page.GetByLabel("Status").SelectOptionAsync("failed");
        var failed = policies.Count(d => d.Status == DocumentStatus.Failed);
        await Assertions.Expect(items).ToHaveCountAsync(failed);
        await Assertions.Expect(page.Locator("#documents-empty")).ToBeVisibleAsync(new() { Visible = failed == 0 });
        await AxeCheck.AssertAccessibleAsync(page, "ask page with a filtered document list", output);
        Assert.True(session.Errors.Count == 0, "the page had errors:\n" + string.Join("\n", session.Errors));
    }

    private static async Task AskWithEnterAsync(IPage page, string question)
    {
        var answered = page.WaitForResponseAsync(r => r.Url.EndsWith("/v1/ask", StringComparison.Ordinal) && r.Request.Method == "POST", new() { Timeout = 60_000 });
        await page.GetByLabel("Question", new() { Exact = true }).FillAsync(question);
        await page.GetByLabel("Question", new() { Exact = true }).PressAsync("Enter");
        // The response has started; the page says when it has read it all (the button back, the result no longer busy).
        // Not IResponse.FinishedAsync: on a streamed body it can miss the end and wait for ever.
        await answered;
        await Assertions.Expect(page.Locator("#ask-button")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#result")).Not.ToHaveAttributeAsync("aria-busy", "true");
    }
}
