using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API2 for the web UI: with an authority and a UI client configured, the page signs in with the OpenID Connect
/// authorization code flow and PKCE (S256) in a real headless Chromium (Debian's <c>/usr/bin/chromium</c>) against
/// <see cref="LocalAuthority"/> (discovery, authorize, token, JWKS over HTTP), then calls the API with the access token;
/// before sign-in and after sign-out the API refuses it. The strict CSP stays on (no inline script, the authority is the
/// only other origin it may connect to) and no CSP violation is reported.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class UiSignInBrowserTests(SecurityStack stack, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_web_ui_signs_in_with_code_and_pkce_and_calls_the_api_with_the_token()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium");
        }

        var gateway = await stack.StartGatewayAsync("gateway-ui", new Dictionary<string, string?>
        {
            ["Gateway__RateLimits__Enabled"] = "false",
            ["Auth__Ui__ClientId"] = LocalAuthority.UiClientId,
            ["Auth__Ui__Scope"] = "openid profile",
        });
        var origin = gateway.BaseAddress.ToString().TrimEnd('/');
        stack.Authority.RegisteredRedirectPrefix = origin + "/";
        stack.Authority.SignInAs = ("uma-ui", "Uma Reader", ["reader", "contributor"], ["ui-group"]);
        try
        {
            using (var http = new HttpClient { BaseAddress = gateway.BaseAddress })
            {
                using var home = await http.GetAsync("/");
                var csp = home.Headers.GetValues("Content-Security-Policy").Single();
                Assert.Contains($"connect-src 'self' {new Uri(stack.Authority.Issuer).GetLeftPart(UriPartial.Authority)};", csp, StringComparison.Ordinal);
                Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/documents")).StatusCode);
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var page = await browser.NewPageAsync();
            var problems = new List<string>();
            page.PageError += (_, error) => problems.Add($"script error: {error}");
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    problems.Add($"CSP: {message.Text}");
                }
            };
            Assertions.SetDefaultExpectTimeout(60_000);

            await page.GotoAsync(origin + "/");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            // To the authority and back with a code; the page exchanges it and shows who signed in.
            await Assertions.Expect(page.Locator("#auth-user")).ToHaveTextAsync("Signed in as Uma Reader");
            Assert.DoesNotMatch(new Regex("[?&](code|state)="), page.Url);

            var status = await page.EvaluateAsync<int>("async () => (await fetch('/v1/documents', { headers: { Accept: 'application/json' } })).status");
            Assert.Equal(200, status);
            var log = stack.Authority.Log.ToArray();
            output.WriteLine(string.Join('\n', log));
            Assert.Contains(log, l => l.StartsWith("authorize: code issued for uma-ui", StringComparison.Ordinal) && l.Contains("S256", StringComparison.Ordinal));
            Assert.Contains("token: issued for uma-ui (PKCE verified)", log);
            // The token lives in this tab's session storage only, never in a cookie.
            Assert.Empty(await page.Context.CookiesAsync());

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
            var after = await page.EvaluateAsync<int>("async () => (await fetch('/v1/documents', { headers: { Accept: 'application/json' } })).status");
            Assert.Equal(401, after);
            Assert.True(problems.Count == 0, string.Join('\n', problems));
        }
        finally
        {
            stack.Authority.RegisteredRedirectPrefix = null;
            await stack.RetireAsync(gateway);
        }
    }

    [Fact]
    public async Task Without_a_ui_client_the_page_offers_no_sign_in_and_says_so_in_its_config()
    {
        using var http = new HttpClient { BaseAddress = stack.Gateway.BaseAddress };
        var config = await http.GetStringAsync("/auth/config");
        Assert.Contains("\"enabled\":false", config, StringComparison.Ordinal);
        using var home = await http.GetAsync("/");
        Assert.Contains("connect-src 'self';", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
