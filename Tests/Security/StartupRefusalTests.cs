using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API8 (security misconfiguration): a Production start that would run open is refused with a sentence saying why
/// — the Gateway without an authority, an agent without the service key — unless explicitly allowed.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class StartupRefusalTests(SecurityStack stack)
{
    [Fact]
    public async Task The_gateway_will_not_start_open_in_production()
    {
        var environment = stack.GatewayEnvironment(new Dictionary<string, string?>
        {
            ["Auth__Jwt__Authority"] = null,
            ["Auth__Jwt__Audience"] = null,
            ["Auth__AllowOpenInProduction"] = null,
        });
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServiceProcess.StartAsync("refused-gateway", stack.DllOf("Gateway"), environment, TimeSpan.FromMinutes(1)));
        Assert.Contains("will not start open in Production", failure.Message);
        Assert.Contains("Auth:Jwt:Authority", failure.Message);
    }

    [Fact]
    public async Task The_gateway_starts_open_in_production_only_when_told_and_says_so()
    {
        var environment = stack.GatewayEnvironment(new Dictionary<string, string?>
        {
            ["Auth__Jwt__Authority"] = null,
            ["Auth__Jwt__Audience"] = null,
            ["Auth__AllowOpenInProduction"] = "true",
        });
        await using var gateway = await ServiceProcess.StartAsync("refused-but-allowed-gateway", stack.DllOf("Gateway"), environment, TimeSpan.FromMinutes(1));
        Assert.Contains("OPEN MODE", gateway.RecentOutput);
    }

    [Fact]
    public async Task An_agent_will_not_start_in_production_without_the_service_key()
    {
        var environment = new Dictionary<string, string?>(stack.Common) { [ServiceProcess.ServiceKeyVariable] = null };
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServiceProcess.StartAsync($"refused-{AgentNames.Router}", stack.DllOf("RouterAgent"), environment, TimeSpan.FromMinutes(1)));
        Assert.Contains("ServiceAuth:Key", failure.Message);
    }
}
