using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Switchboard.AppHost.Tests;

/// <summary>
/// The Aspire dashboard of a started AppHost, in a real headless Chromium (Debian's <c>/usr/bin/chromium</c>, no browser
/// download): every resource Running and healthy, and the trace of one <c>/v1/ask</c> with spans from at least four
/// services. Screenshots are kept in the test output folder (<c>screenshots/</c>).
/// </summary>
public sealed class DashboardBrowserTests(DevStack stack, ITestOutputHelper output) : IClassFixture<DevStack>
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Resources that run until stopped (Prometheus only where it is installed).</summary>
    private static readonly string[] LongRunning = ["redis", "fxrates", "router", "retrieval", "compliance", "reporting", "risk", "workflows", "gateway"];

    /// <summary>The services a question passes through, by resource name and by the service name their spans may carry.</summary>
    private static readonly (string Resource, string Service)[] Services =
        [("gateway", "Gateway"), ("router", "RouterAgent"), ("retrieval", "RetrievalAgent"), ("compliance", "ComplianceAgent"), ("reporting", "ReportingAgent"), ("risk", "RiskAgent")];

    [Fact]
    public async Task The_dashboard_shows_every_resource_healthy_and_one_question_traced_across_the_services()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium");
        }

        var expected = LongRunning.Concat(File.Exists("/usr/bin/prometheus") ? ["prometheus"] : Array.Empty<string>()).ToList();

        // One question, once the samples are in (the AppHost ingests them on this first start).
        var traceId = await AskAsync("What is the minimum password length?");
        output.WriteLine($"trace {traceId}");

        Assertions.SetDefaultExpectTimeout(60_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);

        try
        {
            await page.GotoAsync(stack.DashboardLogin.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

            // Resources: each row Running, none unhealthy; the sample ingestion finished.
            foreach (var name in expected)
            {
                var row = ResourceRow(page, name);
                await Assertions.Expect(row).ToContainTextAsync("Running");
            }

            await Assertions.Expect(ResourceRow(page, "samples")).ToContainTextAsync(new Regex("Finished|Ingested earlier"));
            await WaitUntilAsync(async () => !(await page.Locator("body").InnerTextAsync()).Contains("Unhealthy", StringComparison.Ordinal),
                "a resource is still shown Unhealthy");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "dashboard-resources.png"), FullPage = true });

            // The question's trace: spans of the Gateway, the agents it called and the stream consumers.
            var seen = new List<string>();
            await WaitUntilAsync(async () =>
            {
                await page.GotoAsync(new Uri(stack.Dashboard, $"/traces/detail/{traceId}").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
                var text = await page.Locator("body").InnerTextAsync();
                seen = Services.Where(s => Regex.IsMatch(text, $@"\b({s.Resource}|{s.Service})\b")).Select(s => s.Resource).ToList();
                return seen.Count >= 4;
            }, () => $"the trace {traceId} shows spans of only: {string.Join(", ", seen)}");
            output.WriteLine($"trace spans from: {string.Join(", ", seen)}");
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "dashboard-trace.png"), FullPage = true });
            output.WriteLine($"screenshots: {screenshots}");
        }
    }

    private static ILocator ResourceRow(IPage page, string name) =>
        page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { Has = page.GetByText(name, new PageGetByTextOptions { Exact = true }) });

    private async Task<string> AskAsync(string question)
    {
        using var http = new HttpClient { BaseAddress = stack.Gateway, Timeout = TimeSpan.FromMinutes(1) };
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            using var response = await http.PostAsJsonAsync("/v1/ask", new { question });
            var body = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            if (response.IsSuccessStatusCode && json.RootElement.GetProperty("status").GetString() == "answered")
            {
                // A W3C trace id, or a whole traceparent (00-<trace id>-<span id>-<flags>).
                var traceId = json.RootElement.GetProperty("traceId").GetString()!;
                return traceId.Split('-') is [_, var id, _, _] ? id : traceId;
            }

            // Not answered yet: the samples are still being ingested.
            Assert.True(DateTime.UtcNow < deadline, $"'{question}' was not answered within 4 minutes: {(int)response.StatusCode} {body}\n{stack.Output}");
            await Task.Delay(1000);
        }
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string failure) => WaitUntilAsync(condition, () => failure);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure());
            await Task.Delay(2000);
        }
    }
}
