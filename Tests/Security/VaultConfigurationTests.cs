using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Switchboard.AgentCore.Contracts;
using Switchboard.ServiceDefaults.Secrets;
using Switchboard.Tests.Support;

namespace Switchboard.Security.Tests;

/// <summary>
/// The optional Vault secrets source (ServiceDefaults/Secrets) against a fake Vault that speaks KV version 2's HTTP API:
/// <c>GET /v1/&lt;mount&gt;/data/&lt;path&gt;</c>, <c>X-Vault-Token</c>, <c>{"data":{"data":{...},"metadata":{...}}}</c>,
/// <c>403 {"errors":["permission denied"]}</c>, <c>404 {"errors":[]}</c>. A real agent process takes its service key
/// from it; a wrong token or a missing secret stops the start naming the path, never the token.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class VaultConfigurationTests(SecurityStack stack)
{
    private const string VaultToken = "hvs.test-token-made-up-per-run";

    [Fact]
    public async Task Secrets_are_read_from_kv_v2_with_later_paths_winning_and_sections_from_double_underscores()
    {
        await using var vault = await FakeVault.StartAsync(new()
        {
            ["switchboard/common"] = new JsonObject { ["ServiceAuth__Key"] = "common-key", ["Langfuse:SecretKey"] = "lf-secret", ["Limits"] = new JsonObject { ["Max"] = 5 } },
            ["switchboard/gateway"] = new JsonObject { ["ServiceAuth__Key"] = "gateway-key" },
        });

        var configuration = new ConfigurationBuilder().AddVault(vault.Options(VaultToken, "switchboard/common", "switchboard/gateway")).Build();

        Assert.Equal("gateway-key", configuration["ServiceAuth:Key"]);
        Assert.Equal("lf-secret", configuration["Langfuse:SecretKey"]);
        Assert.Equal("5", configuration["Limits:Max"]);
        Assert.All(vault.Requests, r => Assert.Equal(VaultToken, r.Token));
        Assert.Equal(["/v1/secret/data/switchboard/common", "/v1/secret/data/switchboard/gateway"], vault.Requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData("wrong-token", "403", "permission denied")]
    [InlineData("missing-path", "404", "does not exist")]
    [InlineData("unreachable", "failed", "")]
    public async Task A_secret_that_cannot_be_read_fails_naming_the_path_but_never_the_token(string kind, string expected, string detail)
    {
        await using var vault = await FakeVault.StartAsync(new() { ["switchboard/common"] = new JsonObject { ["A"] = "b" } });
        var options = vault.Options(kind == "wrong-token" ? "hvs.wrong" : VaultToken, kind == "missing-path" ? "switchboard/nothing" : "switchboard/common");
        if (kind == "unreachable")
        {
            options.Address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        }

        var error = Assert.Throws<VaultException>(() => new ConfigurationBuilder().AddVault(options).Build());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
        Assert.Contains("switchboard/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotated_secrets_are_picked_up_at_the_reload_interval()
    {
        await using var vault = await FakeVault.StartAsync(new() { ["switchboard/common"] = new JsonObject { ["ServiceAuth__Key"] = "first" } });
        var options = vault.Options(VaultToken, "switchboard/common");
        options.ReloadInterval = TimeSpan.FromMilliseconds(200);
        var configuration = new ConfigurationBuilder().AddVault(options).Build();
        Assert.Equal("first", configuration["ServiceAuth:Key"]);

        var reloaded = new TaskCompletionSource();
        Microsoft.Extensions.Primitives.ChangeToken.OnChange(configuration.GetReloadToken, () => reloaded.TrySetResult());
        vault.Secrets["switchboard/common"] = new JsonObject { ["ServiceAuth__Key"] = "second" };

        await reloaded.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal("second", configuration["ServiceAuth:Key"]);
        (configuration as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task An_agent_takes_its_service_key_from_vault_and_refuses_calls_not_signed_with_it()
    {
        await using var vault = await FakeVault.StartAsync(new() { ["switchboard/risk"] = new JsonObject { ["ServiceAuth__Key"] = ServiceProcess.ServiceKey } });
        // No ServiceAuth__Key in the environment: in Production the agent would refuse to start without one, so starting
        // at all means the key came from Vault.
        var agent = await stack.StartAsync("RiskAgent", "risk-vault", new Dictionary<string, string?>(stack.Common)
        {
            [ServiceProcess.ServiceKeyVariable] = null,
            ["Vault__Address"] = vault.Url,
            ["Vault__Token"] = VaultToken,
            ["Vault__Paths__0"] = "switchboard/risk",
        });
        try
        {
            Assert.Contains(vault.Requests, r => r.Path == "/v1/secret/data/switchboard/risk");
            using var unsigned = new HttpClient { BaseAddress = agent.BaseAddress };
            Assert.Equal(HttpStatusCode.Unauthorized, (await unsigned.GetAsync("/openapi/v1.json")).StatusCode);

            // Signed with the key Vault holds (the test run's key): accepted.
            using var signed = new HttpClient(new ServiceTokenSigner(ServiceProcess.ServiceKey, null) { InnerHandler = new HttpClientHandler() }) { BaseAddress = agent.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await signed.GetAsync("/openapi/v1.json")).StatusCode);
            Assert.DoesNotContain(VaultToken, agent.RecentOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(ServiceProcess.ServiceKey, agent.RecentOutput, StringComparison.Ordinal);
        }
        finally
        {
            await stack.RetireAsync(agent);
        }
    }

    /// <summary>A fake Vault: KV v2 reads under the <c>secret</c> mount, one token, Vault's error bodies.</summary>
    private sealed class FakeVault : IAsyncDisposable
    {
        private WebApplication _app = null!;

        public System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> Secrets { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<(string Path, string? Token)> Requests { get; } = new();

        public string Url { get; private set; } = "";

        public static async Task<FakeVault> StartAsync(Dictionary<string, JsonObject> secrets)
        {
            var vault = new FakeVault();
            foreach (var (path, secret) in secrets)
            {
                vault.Secrets[path] = secret;
            }

            (vault._app, vault.Url) = await LoopbackServer.StartAsync(app => app.MapGet("/v1/secret/data/{**path}", (string path, HttpContext context) =>
            {
                var token = context.Request.Headers["X-Vault-Token"].ToString();
                vault.Requests.Enqueue((context.Request.Path.Value!, token));
                if (token != VaultToken)
                {
                    return Results.Json(new { errors = new[] { "permission denied" } }, statusCode: 403);
                }

                return vault.Secrets.TryGetValue(path, out var secret)
                    ? Results.Json(new JsonObject
                    {
                        ["request_id"] = Guid.NewGuid().ToString(), ["lease_id"] = "", ["renewable"] = false, ["lease_duration"] = 0,
                        ["data"] = new JsonObject
                        {
                            ["data"] = secret.DeepClone(),
                            ["metadata"] = new JsonObject { ["created_time"] = "2026-12-03T12:00:00Z", ["deletion_time"] = "", ["destroyed"] = false, ["version"] = 1 },
                        },
                    })
                    : Results.Json(new { errors = Array.Empty<string>() }, statusCode: 404);
            }));
            return vault;
        }

        // A read is synchronous (a configuration provider's Load) against Kestrel in this process: on CI's busy two cores,
        // with other test assemblies running, the default 10 s was not always enough. These tests are not about timing.
        public VaultOptions Options(string token, params string[] paths) =>
            new() { Address = new Uri(Url), Token = token, Paths = [.. paths], Timeout = TimeSpan.FromMinutes(1) };

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
