using Microsoft.Playwright;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The web UI on an overloaded stack: a <c>503</c> with <c>Retry-After</c> (the Gateway shedding, or an agent behind it
/// busy) is shown as "Busy, retry in N s", not as a failure. The response is substituted in the browser, so the page's
/// handling is tested without overloading the machine; the Gateway's side of it is in Gateway.Tests.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BusyUiTests(SwitchboardApp stack)
{
    [Fact]
    public async Task A_busy_answer_says_busy_retry_in_n_seconds()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.RouteAsync("**/v1/ask", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            Headers = new Dictionary<string, string> { ["Retry-After"] = "4" },
            ContentType = "application/problem+json",
            Body = """{"status":503,"title":"retrieval busy","detail":"retrieval busy, retry in 4 s: it is at capacity, so no answer was produced.","agent":"retrieval"}""",
        }));

        await page.GotoAsync(stack.Gateway.BaseAddress.ToString());
        await page.GetByLabel("Question", new() { Exact = true }).FillAsync("What is the refund policy?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();

        var error = page.Locator("#ask-error");
        await Assertions.Expect(error).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(error).ToHaveTextAsync("Busy, retry in 4 s (retrieval busy).");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true })).ToBeEnabledAsync();
    }
}
