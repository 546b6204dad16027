using System.Net;
using System.Net.Sockets;
using Switchboard.AgentCore.Tools.Rest;
using Switchboard.Tools.Tests.Support;

namespace Switchboard.Tools.Tests;

/// <summary>The auth header carries the secret to the API and nowhere else: not into logs, not into exceptions.</summary>
public sealed class AuthAndSecretsTests : IAsyncLifetime
{
    private const string Secret = "sb-test-secret-6f1c2a9e";
    private static readonly Dictionary<string, string?> Item7 = new() { ["id"] = "7" };
    private ScriptedApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_auth_header_is_built_from_the_secret_and_the_scheme()
    {
        _server.Respond = (context, _) => ScriptedApiServer.Json(context, 200, """{"value":1}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress,
            ("Auth:Header", "Authorization"), ("Auth:Scheme", "Bearer"), ("Auth:Secret", Secret)));

        var result = await host.Connector.CallAsync("items", "get", Item7);

        Assert.Equal($"Bearer {Secret}", Assert.Single(_server.Seen).Headers["Authorization"]);
        Assert.DoesNotContain(Secret, result.RequestUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Citation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_never_reaches_logs_or_exception_messages_even_when_the_server_echoes_it()
    {
        // A hostile or careless server that puts the credential it received into its error body.
        _server.Respond = (context, _) => ScriptedApiServer.Json(context, 500,
            $$"""{"title":"rejected","detail":"token {{context.Request.Headers["X-Api-Key"]}} is not allowed"}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress,
            ("Auth:Header", "X-Api-Key"), ("Auth:Secret", Secret), ("Retry:MaxAttempts", "2")));

        var ex = await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));

        Assert.Equal(Secret, _server.Seen[0].Headers["X-Api-Key"]);
        Assert.Contains("token *** is not allowed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        // The HttpClient pipeline logged the requests (at Trace it logs headers), the connector logged the failure.
        Assert.Contains(host.Logs.Lines, l => l.Contains("/v1/items/7", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Tool items/get failed", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("X-Api-Key", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Secret, host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_api_fails_as_unavailable_without_the_secret()
    {
        var closedPort = ClosedPort();
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", new Uri($"http://127.0.0.1:{closedPort}/"),
            ("Auth:Header", "X-Api-Key"), ("Auth:Secret", Secret), ("Retry:MaxAttempts", "1")));

        var ex = await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));

        Assert.Equal(ToolFailure.Unavailable, ex.Failure);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_header_without_its_secret_stops_the_host_and_names_the_environment_variable()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress, ("Auth:Header", "X-Api-Key"))));

        Assert.Contains("Tools:Apis:items:Auth:Secret is not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tools__Apis__items__Auth__Secret", ex.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed
    }
}
