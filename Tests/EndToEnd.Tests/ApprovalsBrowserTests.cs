using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchboard.AgentCore.Contracts;
using Xunit.Abstractions;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The approvals page in a real headless Chromium (Debian's <c>/usr/bin/chromium</c>): a held answer is listed with its
/// question, answer, sources and risk reasons; the approver approves one and rejects another with a reason, and the
/// asker's <c>GET /v1/ask/{id}</c> shows each decision.
/// </summary>
[Collection(ApprovalStackCollection.Name)]
public sealed class ApprovalsBrowserTests(ApprovalStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task An_approver_approves_and_rejects_held_answers_in_the_browser()
    {
        var toApprove = await stack.AskHeldAsync();
        var toReject = await stack.AskHeldAsync();
        await stack.WaitListedAsync(toApprove.AnswerId);
        await stack.WaitListedAsync(toReject.AnswerId);

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add($"script error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                pageErrors.Add($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "approvals.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        try
        {
            // From the ask page's link to the queue.
            await page.GotoAsync(stack.Gateway.BaseAddress.ToString());
            await page.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex("Approvals"));

            await page.GetByLabel("Your name").FillAsync("robin");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show queue" }).ClickAsync();

            var approveItem = page.Locator($"#queue li.approval[data-id=\"{toApprove.AnswerId}\"]");
            await Assertions.Expect(approveItem.Locator(".approval-question")).ToHaveTextAsync(ApprovalStack.Question);
            await Assertions.Expect(approveItem.Locator(".approval-answer")).ToContainTextAsync("eight hours", new() { IgnoreCase = true });
            await Assertions.Expect(approveItem.Locator(".approval-source").First).ToContainTextAsync("travel-expense-policy.pdf");
            await Assertions.Expect(approveItem.Locator(".approval-reasons")).ToContainTextAsync("restricted topic");
            await Assertions.Expect(approveItem.Locator(".badge-high")).ToBeVisibleAsync();
            await AxeCheck.AssertAccessibleAsync(page, "approvals page with held answers", output);

            await approveItem.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
            await Assertions.Expect(approveItem.Locator(".approval-decided")).ToHaveTextAsync(new Regex("approved by robin"));

            var rejectItem = page.Locator($"#queue li.approval[data-id=\"{toReject.AnswerId}\"]");
            // Reject without a reason: the API's 400 is shown, nothing is decided.
            await rejectItem.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
            await Assertions.Expect(rejectItem.Locator(".problem")).ToContainTextAsync("reason");
            await rejectItem.GetByLabel("Reason").FillAsync("Ask the travel desk instead");
            await rejectItem.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
            await Assertions.Expect(rejectItem.Locator(".approval-decided")).ToHaveTextAsync(new Regex("rejected by robin"));
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");
        }

        var approved = await stack.GetAnswerAsync(toApprove.AnswerId);
        Assert.Equal(AnswerStatus.Answered, approved.Status);
        Assert.Equal("robin", approved.Approval?.DecidedBy);
        var rejected = await stack.GetAnswerAsync(toReject.AnswerId);
        Assert.Equal(AnswerStatus.Rejected, rejected.Status);
        Assert.Contains("travel desk", rejected.Answer, StringComparison.Ordinal);

        // The one expected 400 (the reason-less reject) is the only error the page met.
        Assert.True(pageErrors.Count == 1 && pageErrors[0].StartsWith("HTTP 400 POST", StringComparison.Ordinal),
            "the page had unexpected errors:\n" + string.Join("\n", pageErrors));
        Assert.Equal(HttpStatusCode.OK, (await stack.Http.GetAsync("/approvals.js")).StatusCode);
    }
}
