using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API2 (broken authentication) and API5 (broken function-level authorization) at the Gateway: every endpoint that
/// needs a caller (read from the running Gateway's OpenAPI document, see <see cref="EndpointInventory"/>), with no token and with each kind of bad token, is refused with a 401 problem; a valid token with too
/// low a role gets 403.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthenticationAttackTests(SecurityStack stack, ITestOutputHelper output)
{
    public static TheoryData<string> BadTokens => new() { "none", "expired", "wrongly-signed", "wrong-audience", "wrong-issuer", "alg-none", "hmac-with-public-key", "garbage" };

    private string? Token(string kind) => kind switch
    {
        "none" => null,
        "expired" => stack.Authority.Expired("mallory"),
        "wrongly-signed" => stack.Authority.WronglySigned("mallory"),
        "wrong-audience" => stack.Authority.WrongAudience("mallory"),
        "wrong-issuer" => stack.Authority.WrongIssuer("mallory"),
        "alg-none" => stack.Authority.AlgNone("mallory"),
        "hmac-with-public-key" => stack.Authority.HmacWithPublicKey("mallory"),
        _ => "not.a.token",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Every_gateway_endpoint_refuses_a_caller_without_a_valid_token(string kind)
    {
        var endpoints = (await stack.EndpointsAsync())["gateway"];
        Assert.Contains(endpoints, e => e.Path == "/v1/ask");
        Assert.Contains(endpoints, e => e.Path.StartsWith("/v1/documents", StringComparison.Ordinal) && e.Method == "DELETE");
        var token = Token(kind);
        using var http = stack.Client(token);
        var accepted = new List<string>();
        foreach (var endpoint in endpoints)
        {
            using var request = endpoint.Request();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                accepted.Add($"{endpoint}: {(int)response.StatusCode} {body}");
                continue;
            }

            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            if (token is not null)
            {
                Assert.DoesNotContain(token, body, StringComparison.Ordinal);
            }
        }

        output.WriteLine($"{kind}: {endpoints.Count} Gateway endpoints, {endpoints.Count - accepted.Count} refused with 401");
        Assert.True(accepted.Count == 0, $"Not refused with a '{kind}' token:\n{string.Join('\n', accepted)}");
    }

    [Fact]
    public async Task A_valid_token_from_the_authority_is_accepted()
    {
        using var http = stack.Client(stack.Authority.Token("alice", ["reader"]));
        using var response = await http.GetAsync("/v1/documents");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_rotated_in_at_the_authority_is_picked_up_from_its_discovery_document()
    {
        using (var before = stack.Client(stack.Authority.Token("rita", ["reader"])))
        {
            Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/v1/documents")).StatusCode);
        }

        stack.Authority.Rotate();
        // A token naming the new key makes the Gateway refetch the JWKS (at most every KeyRefreshInterval, 1 s here); the
        // request that triggers it may still be refused while the keys are fetched in the background.
        var statuses = new List<HttpStatusCode>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var after = stack.Client(stack.Authority.Token("rita", ["reader"]));
            using var response = await after.GetAsync("/v1/documents");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"A token signed with the rotated-in key was never accepted: {string.Join(", ", statuses)}");
    }

    public static TheoryData<string, string, string, string> LowerRoles => new()
    {
        // role, method, path, expected
        { "reader", "POST", "/v1/documents", "403" },
        { "reader", "DELETE", "/v1/documents/probe-1", "403" },
        { "contributor", "GET", "/v1/approvals", "403" },
        { "reader", "POST", "/v1/approvals/probe-1/approve", "403" },
        { "reader", "POST", "/v1/approvals/probe-1/reject", "403" },
        { "none", "POST", "/v1/ask", "403" },
        { "none", "POST", "/v1/search", "403" },
        { "none", "GET", "/v1/documents", "403" },
        { "none", "GET", "/v1/sessions/probe-1", "403" },
        { "unknown-role", "POST", "/v1/ask", "403" },
    };

    [Theory]
    [MemberData(nameof(LowerRoles))]
    public async Task A_caller_without_the_role_an_endpoint_needs_gets_403(string role, string method, string path, string expected)
    {
        string[] roles = role switch { "none" => [], "unknown-role" => ["superuser"], _ => [role] };
        using var http = stack.Client(stack.Authority.Token("lowly", roles));
        using var request = new ApiEndpoint("gateway", method, path).Request();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) == expected,
            $"{role} {method} {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_contributor_cannot_delete_another_contributors_document_but_an_admin_can()
    {
        var owner = stack.Authority.Token("owner-1", ["contributor"]);
        var document = await stack.UploadReadyAsync(owner, "owned-by-one.md", "# Owned\n\nThe lighthouse keeper logs the tide at dawn.");

        using (var other = stack.Client(stack.Authority.Token("owner-2", ["contributor"])))
        {
            using var refused = await other.DeleteAsync($"/v1/documents/{document.Id}");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var admin = stack.Client(stack.Authority.Token("root", ["admin"]));
        using var deleted = await admin.DeleteAsync($"/v1/documents/{document.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
