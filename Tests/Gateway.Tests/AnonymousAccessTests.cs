using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The local quick start (no <c>Auth</c> section): every caller is anonymous, so agents are told "no groups" and serve
/// only documents without allowed groups. A token is not trusted when nothing is configured to validate it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AnonymousAccessTests(GatewayFixture fixture) : IAsyncLifetime
{
    private FakeAgents Agents => fixture.Agents;

    public Task InitializeAsync()
    {
        Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Anonymous_ask_and_search_forward_no_groups()
    {
        var client = fixture.Factory.CreateClient();

        await client.AskOkAsync(new { question = FakeAgents.RefundQuestion });
        var search = await client.PostAsJsonAsync("/v1/search", new { query = "refund" });

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Empty(Assert.Single(Agents.RetrievalRequests).CallerGroups ?? ["missing"]);
        Assert.Empty(Assert.Single(Agents.Searches).CallerGroups ?? ["missing"]);
    }

    [Fact]
    public async Task An_unvalidated_token_grants_no_groups()
    {
        // Signed with a key the Gateway does not know: without Auth:Jwt it is not even looked at.
        var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new TestTokens().WithGroups("mallory", "finance"));

        await client.AskOkAsync(new { question = FakeAgents.RefundQuestion });

        Assert.Empty(Assert.Single(Agents.RetrievalRequests).CallerGroups ?? ["missing"]);
    }

    [Fact]
    public void Caller_groups_are_read_from_repeated_claims_and_json_array_text_without_duplicates()
    {
        var identity = new ClaimsIdentity(
        [
            new Claim("sub", "fiona"),
            new Claim("groups", "finance"),
            new Claim("groups", " managers "),
            new Claim("groups", "[\"finance\", \"audit\"]"),
            new Claim("groups", ""),
            new Claim("roles", "admin"),
        ], authenticationType: "Bearer");

        var caller = Caller.From(new ClaimsPrincipal(identity), "groups");

        Assert.True(caller.IsAuthenticated);
        Assert.Equal(["finance", "managers", "audit"], caller.Groups);
    }

    [Fact]
    public void An_unauthenticated_principal_is_anonymous_whatever_claims_it_carries()
    {
        var identity = new ClaimsIdentity([new Claim("groups", "finance")]); // no authentication type: not authenticated

        var caller = Caller.From(new ClaimsPrincipal(identity), "groups");

        Assert.False(caller.IsAuthenticated);
        Assert.Empty(caller.Groups);
    }
}
