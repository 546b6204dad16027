using System.Text.Json;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// <c>GET /auth/config</c>, what the web UI reads before anyone signs in, and the CSP that goes with it: the authority's
/// origin is the only one added to <c>connect-src</c>, and only when the UI has a client id. A client id without an
/// authority stops the Gateway at start. The sign-in itself runs in Chromium in Tests/Security (UiSignInBrowserTests).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UiSignInConfigTests(GatewayFixture fixture)
{
    [Fact]
    public async Task With_an_authority_and_a_ui_client_the_page_is_told_where_to_sign_in()
    {
        await using var gateway = fixture.WithSettings(
        [
            new("Auth:Jwt:Authority", "https://login.example.com/realms/switchboard/"),
            new("Auth:Jwt:Audience", "switchboard-api"),
            new("Auth:Ui:ClientId", "switchboard-ui"),
        ]);
        var client = gateway.CreateClient();

        var response = await client.GetAsync("/auth/config");
        var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(config.GetProperty("enabled").GetBoolean());
        Assert.Equal("https://login.example.com/realms/switchboard", config.GetProperty("authority").GetString());
        Assert.Equal("switchboard-ui", config.GetProperty("clientId").GetString());
        Assert.Equal("openid profile", config.GetProperty("scope").GetString());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("connect-src 'self' https://login.example.com;", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_ui_client_sign_in_is_off_and_the_csp_connects_to_its_own_origin_only()
    {
        var response = await fixture.Factory.CreateClient().GetAsync("/auth/config");

        Assert.Equal("{\"enabled\":false}", await response.Content.ReadAsStringAsync());
        Assert.Contains("connect-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_ui_client_without_an_authority_stops_the_gateway_at_start()
    {
        using var gateway = fixture.WithSetting("Auth:Ui:ClientId", "switchboard-ui");

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Auth:Ui:ClientId", error.ToString(), StringComparison.Ordinal);
    }
}
