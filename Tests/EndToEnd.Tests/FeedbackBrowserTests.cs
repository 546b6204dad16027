using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// Feedback and the review page in a real headless Chromium against the running stack: thumbs down with a comment on an
/// answer (feedback.js on the answer app.js rendered), the verdict reaching the ReportingAgent's ledger and its export
/// through the Gateway, and the review page drawing its charts from <c>/v1/reports/review</c>.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class FeedbackBrowserTests(SwitchboardStack stack, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Thumbs_down_with_a_comment_reaches_the_export_and_the_review_page_draws_its_charts()
    {
        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        var question = SampleQuestion.Load(stack.SamplesDirectory).First(q => q.Kind == SampleQuestion.InScope);
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium");
        }

        Assertions.SetDefaultExpectTimeout(60_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add($"script error: {error}");
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
            await page.GetByLabel("Question").FillAsync(question.Question);
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

            await page.GetByRole(AriaRole.Link, new() { Name = "Usage and cost review" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("review\\.html$"));
            await Assertions.Expect(page.Locator("#review")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#chart-questions svg rect.bar").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#chart-cost svg")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#chart-latency svg path.line")).ToHaveCountAsync(1);
            var votes = page.Locator("#kpis div").Filter(new() { HasText = "Votes" });
            await Assertions.Expect(votes).ToContainTextAsync(new Regex(@"[1-9]\d* down"));
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

            Assert.True(DateTime.UtcNow < deadline, "the feedback did not reach the export within 30 s");
            await Task.Delay(250);
        }
    }
}
