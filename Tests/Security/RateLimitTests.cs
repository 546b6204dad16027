using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API4 (unrestricted resource consumption) and API6 (unrestricted access to sensitive business flows): a second
/// Gateway with tight per-caller and per-group limits answers the request over the limit with 429, Retry-After and a
/// problem, per caller (another caller is still served) and per group (members share their group's bucket).
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class RateLimitTests(SecurityStack stack) : IAsyncLifetime
{
    private ServiceProcess _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await stack.StartGatewayAsync("gateway-limited", new Dictionary<string, string?>
        {
            ["Gateway__RateLimits__Enabled"] = "true",
            ["Gateway__RateLimits__Ask__TokenLimit"] = "3",
            ["Gateway__RateLimits__Ask__TokensPerPeriod"] = "1",
            ["Gateway__RateLimits__Ask__ReplenishmentPeriod"] = "00:10:00",
            ["Gateway__RateLimits__GroupAsk__TokenLimit"] = "5",
            ["Gateway__RateLimits__GroupAsk__TokensPerPeriod"] = "1",
            ["Gateway__RateLimits__GroupAsk__ReplenishmentPeriod"] = "00:10:00",
            ["Gateway__RateLimits__Upload__TokenLimit"] = "1",
            ["Gateway__RateLimits__Upload__TokensPerPeriod"] = "1",
            ["Gateway__RateLimits__Upload__ReplenishmentPeriod"] = "00:10:00",
        });

    public Task DisposeAsync() => stack.RetireAsync(_gateway);

    [Fact]
    public async Task The_fourth_search_of_one_caller_is_a_429_with_retry_after_and_another_caller_is_still_served()
    {
        using var alice = stack.Client(stack.Authority.Token("alice-limited", ["reader"]), _gateway);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await alice.PostAsJsonAsync("/v1/search", new { query = "refund" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await alice.PostAsJsonAsync("/v1/search", new { query = "refund" });
        await AssertRateLimitedAsync(limited, "ask");

        using var bob = stack.Client(stack.Authority.Token("bob-limited", ["reader"]), _gateway);
        using var other = await bob.PostAsJsonAsync("/v1/search", new { query = "refund" });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Members_of_one_group_share_its_bucket()
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var member in new[] { "g1", "g2", "g3" })
        {
            using var http = stack.Client(stack.Authority.Token($"{member}-limited", ["reader"], ["limited-group"]), _gateway);
            for (var i = 0; i < 2; i++)
            {
                using var response = await http.PostAsJsonAsync("/v1/search", new { query = "refund" });
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await AssertRateLimitedAsync(response, "ask");
                }
            }
        }

        // Six searches, each member under its own limit of 3, the group's bucket holding 5.
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Uploads_have_the_stricter_bucket()
    {
        using var carol = stack.Client(stack.Authority.Token("carol-limited", ["contributor"]), _gateway);
        using var first = await UploadAsync(carol, "limited-1.md");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var second = await UploadAsync(carol, "limited-2.md");
        await AssertRateLimitedAsync(second, "upload");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient http, string name)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"# {name}\n\nA short note about rate limits."));
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/markdown");
        form.Add(part, "file", name);
        return await http.PostAsync("/v1/documents", form);
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response, string limit)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode} {body}");
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "no Retry-After");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(limit, problem.GetProperty("limit").GetString());
        Assert.True(problem.GetProperty("retryAfterSeconds").GetInt32() >= 1);
    }
}
