using Microsoft.Playwright;

namespace Switchboard.Tests.Support;

/// <summary>
/// Debian's <c>/usr/bin/chromium</c> driven by Playwright (never a downloaded browser), headless and without a sandbox
/// (the tests run as root in CI), launched the one way every browser test of the stack uses.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Starts the browser; Playwright's expectations wait up to 60 s (a loaded CI machine renders slowly).</summary>
    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y chromium");
        }

        Assertions.SetDefaultExpectTimeout(60_000);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null) => _browser.NewPageAsync(options);

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
