using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// Every page of the web UI checked with axe-core in a real headless Chromium, in the states people see: the ask page
/// with its document list, then with an answer, its sources and the feedback form; the review page with its report; the
/// workflows page; the approvals page with its queue loaded. (The approvals page with held items is checked in
/// <see cref="ApprovalsBrowserTests"/>.) Zero serious or critical violations.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessibilityBrowserTests(SwitchboardApp stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_page_has_no_serious_or_critical_axe_violation()
    {
        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        var question = SampleQuestion.Load(stack.SamplesDirectory)
            .First(q => q.Kind == SampleQuestion.InScope && q.Document == "information-security-policy.md");
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        var root = stack.Gateway.BaseAddress.ToString();

        await page.GotoAsync(root);
        await Assertions.Expect(page.Locator("#documents li.document").First).ToBeVisibleAsync();
        await AxeCheck.AssertAccessibleAsync(page, "ask page with documents", output);

        await page.GetByLabel("Question", new() { Exact = true }).FillAsync(question.Question);
        await page.GetByLabel("Question", new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("answered", RegexOptions.IgnoreCase));
        await Assertions.Expect(page.Locator("#sources .source").First).ToBeVisibleAsync();
        await AxeCheck.AssertAccessibleAsync(page, "ask page with an answer, sources and feedback", output);

        await page.GotoAsync(root + "review.html");
        await Assertions.Expect(page.Locator("#review")).ToBeVisibleAsync();
        await AxeCheck.AssertAccessibleAsync(page, "review page", output);

        // The workflows page is checked where the workflow service runs (WorkflowsEndToEndTests); here it would only
        // show that the service is absent from this stack.
        await page.GotoAsync(root + "approvals.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show queue" }).ClickAsync();
        await Assertions.Expect(page.Locator("#queue-status")).ToHaveTextAsync(new Regex("waiting"));
        await AxeCheck.AssertAccessibleAsync(page, "approvals page", output);

        Assert.True(session.Errors.Count == 0, "the pages had errors:\n" + string.Join("\n", session.Errors));
    }
}
