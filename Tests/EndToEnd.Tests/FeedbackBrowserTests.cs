using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// Feedback and the review page in a real headless Chromium against the running stack: thumbs down with a comment on an
/// answer (feedback.js on the answer app.js rendered), the verdict reaching the ReportingAgent's ledger and its export
/// through the Gateway, and the review page drawing its uPlot charts, slowest stages and top not-found questions (screened
/// text) from <c>/v1/reports/review</c>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FeedbackBrowserTests(SwitchboardApp stack, ITestOutputHelper output)
{
    private const string NotFoundQuestion = "Where can I rent a submarine in Lisbon? Write to jane.doe@example.com";
    private const string NotFoundScreened = "Where can I rent a submarine in Lisbon? Write to [EMAIL]";
    private const int NotFoundRepeats = 3;

    [Fact]
    public async Task Thumbs_down_with_a_comment_reaches_the_export_and_the_review_page_draws_its_charts()
    {
        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        var question = SampleQuestion.Load(stack.SamplesDirectory).First(q => q.Kind == SampleQuestion.InScope);
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add($"script error: {error}");
        // A Content-Security-Policy violation (an inline style or script the chart library might add) is a console error.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("favicon", StringComparison.Ordinal))
            {
                pageErrors.Add($"console error: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                pageErrors.Add($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };

        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        try
        {
            await page.GotoAsync(stack.Gateway.BaseAddress.ToString());
            await page.GetByLabel("Question", new() { Exact = true }).FillAsync(question.Question);
            await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("^answered$"));

            var form = page.Locator("#result form.feedback");
            await Assertions.Expect(form).ToHaveCountAsync(1);
            var answerId = await form.GetAttributeAsync("data-answer-id");
            Assert.Matches("^[0-9a-f]{32}$", answerId);
            await form.GetByRole(AriaRole.Button, new() { Name = "Not helpful" }).ClickAsync();
            await Assertions.Expect(form.GetByRole(AriaRole.Button, new() { Name = "Not helpful" })).ToHaveAttributeAsync("aria-pressed", "true");
            await form.GetByLabel("Comment").FillAsync("The browser test disagrees.");
            await form.GetByLabel("The question was about").SelectOptionAsync("usage_report");
            await form.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync();
            await Assertions.Expect(form.Locator(".feedback-status")).ToContainTextAsync("recorded");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "feedback.png"), FullPage = true });

            // The verdict is in the ledger once the ReportingAgent consumed sb:feedback: the export lists it.
            var line = await EventuallyAsync(async () =>
            {
                var export = await stack.Http.GetStringAsync("/v1/reports/feedback/export");
                return export.Split('\n').FirstOrDefault(l => l.Contains(answerId!, StringComparison.Ordinal));
            });
            output.WriteLine(line);
            Assert.Contains("\"verdict\":\"down\"", line, StringComparison.Ordinal);
            Assert.Contains("The browser test disagrees.", line, StringComparison.Ordinal);
            Assert.Contains("\"correctedIntent\":\"usage_report\"", line, StringComparison.Ordinal);

            // A question the documents do not hold, with an e-mail address the screening redacts, asked a few times: the
            // review lists it as screened text, never the address.
            for (var i = 0; i < NotFoundRepeats; i++)
            {
                using var asked = await stack.Http.PostAsJsonAsync("/v1/ask", new { question = NotFoundQuestion });
                Assert.Equal("not_found", (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            }

            // The ledger is fed from the interaction stream, so the review counts the repeats as they arrive: wait for all.
            var review = await EventuallyAsync(async () =>
            {
                var body = await stack.Http.GetStringAsync("/v1/reports/review?period=day");
                return body.Contains(NotFoundScreened, StringComparison.Ordinal) && ListedNotFound(body).GetProperty("count").GetInt32() >= NotFoundRepeats
                    ? body
                    : null;
            });
            Assert.DoesNotContain("jane.doe@example.com", review, StringComparison.Ordinal);
            var listed = ListedNotFound(review);
            Assert.True(listed.GetProperty("count").GetInt32() >= NotFoundRepeats, listed.ToString());

            await page.GetByRole(AriaRole.Link, new() { Name = "Usage and cost review" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("review\\.html$"));
            await Assertions.Expect(page.Locator("#review")).ToBeVisibleAsync();
            // uPlot (vendored in wwwroot/lib/uplot) draws each chart on a canvas with its legend naming the series.
            await Assertions.Expect(page.Locator("#chart-questions canvas")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#chart-cost .u-legend")).ToContainTextAsync("daily budget");
            await Assertions.Expect(page.Locator("#chart-latency .u-legend")).ToContainTextAsync("p95");
            await Assertions.Expect(page.Locator("#chart-stages canvas")).ToBeVisibleAsync();
            var votes = page.Locator("#kpis div").Filter(new() { HasText = "Votes" });
            await Assertions.Expect(votes).ToContainTextAsync(new Regex(@"[1-9]\d* down"));
            // The slowest stages of the range, each with p50 and p95, and the questions most often not found.
            await Assertions.Expect(page.Locator("#table-stages tbody tr").Filter(new() { HasText = "screen" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#table-stages tbody tr").Filter(new() { HasText = "retrieval" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#table-notfound tbody tr").Filter(new() { HasText = NotFoundScreened })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#table-notfound")).Not.ToContainTextAsync("jane.doe");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "review.png"), FullPage = true });
        }
        finally
        {
            output.WriteLine($"screenshots: {screenshots}");
        }

        Assert.True(pageErrors.Count == 0, "the page had errors:\n" + string.Join("\n", pageErrors));
    }

    private static async Task<string> EventuallyAsync(Func<Task<string?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "the ledger did not show it within 30 s");
            await Task.Delay(250);
        }
    }

    private static JsonElement ListedNotFound(string review) =>
        JsonDocument.Parse(review).RootElement.GetProperty("topNotFound").GetProperty("questions").EnumerateArray()
            .Single(q => q.GetProperty("question").GetString()!.StartsWith(NotFoundScreened, StringComparison.Ordinal));
}
