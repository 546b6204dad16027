using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.ServiceDefaults.ServiceAuth;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API1/API5 by the back door: calling an agent directly, around the Gateway. Every endpoint of every agent and of
/// the workflow service (from each one's own OpenAPI document, <see cref="EndpointInventory"/>) refuses a call
/// without a valid service token (none, forged, expired, a user's bearer token), while /health, /alive and /metrics stay
/// open; and a correctly signed call cannot widen the caller's groups through its body.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class AgentBypassTests(SecurityStack stack, ITestOutputHelper output)
{
    public static TheoryData<string> Attempts => new() { "none", "forged", "expired", "user-bearer-token", "garbage", "two-tokens" };

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task Every_agent_endpoint_refuses_a_call_that_is_not_from_a_switchboard_service(string attempt)
    {
        var refused = 0;
        var accepted = new List<string>();
        var endpoints = (await stack.EndpointsAsync()).Where(e => e.Key != "gateway").SelectMany(e => e.Value).ToList();
        Assert.Equal(stack.Agents.Keys.Order(), endpoints.Select(e => e.Service).Distinct().Order());
        foreach (var endpoint in endpoints)
        {
            using var http = new HttpClient { BaseAddress = stack.Agents[endpoint.Service].BaseAddress };
            using var request = endpoint.Request();
            switch (attempt)
            {
                case "forged":
                    request.Headers.Add(ServiceToken.HeaderName, Sign(Encoding.UTF8.GetBytes(new string('k', 64)), DateTimeOffset.UtcNow.AddMinutes(1)));
                    break;
                case "expired":
                    request.Headers.Add(ServiceToken.HeaderName, Sign(Key, DateTimeOffset.UtcNow.AddMinutes(-10)));
                    break;
                case "user-bearer-token":
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stack.Authority.Token("mallory", ["admin"]));
                    break;
                case "garbage":
                    request.Headers.Add(ServiceToken.HeaderName, "v1.e30.AAAA");
                    break;
                case "two-tokens":
                    request.Headers.Add(ServiceToken.HeaderName, [Sign(Key, DateTimeOffset.UtcNow.AddMinutes(1)), "v1.e30.AAAA"]);
                    break;
            }

            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                refused++;
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            else
            {
                accepted.Add($"{endpoint}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        output.WriteLine($"{attempt}: {refused} of {endpoints.Count} endpoints of {stack.Agents.Count} services refused with 401");
        Assert.True(accepted.Count == 0, string.Join('\n', accepted));
    }

    [Fact]
    public async Task Health_liveness_and_metrics_stay_open_for_probes_and_scrapers()
    {
        foreach (var agent in stack.Agents.Values)
        {
            using var http = new HttpClient { BaseAddress = agent.BaseAddress };
            foreach (var path in new[] { "/health", "/alive", "/metrics" })
            {
                using var response = await http.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, $"{agent.Name} {path}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task A_signed_call_is_accepted_and_its_groups_come_from_the_signature_not_the_body()
    {
        var finance = stack.Authority.Token("fiona-bypass", ["contributor"], ["finance-bypass"]);
        const string marker = "quetzalcoatl ledger reconciliation";
        var document = await stack.UploadReadyAsync(finance, "bypass-finance.md", $"# Finance\n\nThe {marker} closes every quarter on the fifth day.", "finance-bypass");

        // Signed for a caller without groups, the body claiming the finance group: the signature wins.
        using var outsider = stack.Agents[AgentNames.Retrieval].CreateServiceClient(caller: new ServiceCaller("eve", [], ["reader"]));
        using var claimed = await outsider.PostAsJsonAsync("/search", new SearchRequest(marker, 10, null, ["finance-bypass"]), SwitchboardJson.Options);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        var hits = (await claimed.Content.ReadFromJsonAsync<SearchResponse>(SwitchboardJson.Options))!.Hits;
        Assert.DoesNotContain(hits, hit => hit.DocumentId == document.Id);

        // Signed for the finance group: found, so the refusal above was the access rule, not a miss.
        using var member = stack.Agents[AgentNames.Retrieval].CreateServiceClient(caller: new ServiceCaller("fiona", ["finance-bypass"], ["reader"]));
        using var found = await member.PostAsJsonAsync("/search", new SearchRequest(marker, 10), SwitchboardJson.Options);
        Assert.Contains((await found.Content.ReadFromJsonAsync<SearchResponse>(SwitchboardJson.Options))!.Hits, hit => hit.DocumentId == document.Id);
    }

    private static byte[] Key => Encoding.UTF8.GetBytes(ServiceProcess.ServiceKey);

    private static string Sign(byte[] key, DateTimeOffset expires) =>
        ServiceToken.Create(key, "attacker", new ServiceCaller("mallory", ["finance"], ["admin"]), expires);
}
