using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The Gateway with <c>Auth:Jwt</c> configured: the API requires a valid bearer token, and the caller's groups from the
/// token (never from the body) reach every agent that reads documents.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class JwtAccessTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly TestTokens _tokens = new();
    private WebApplicationFactory<Program> _gateway = null!;
    private FakeAgents Agents => fixture.Agents;

    public Task InitializeAsync()
    {
        Agents.Reset();
        _gateway = GatewayWith(_tokens.Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Ask_without_a_token_is_a_401_problem_and_reaches_no_agent()
    {
        var response = await _gateway.CreateClient().AskAsync(new { question = FakeAgents.RefundQuestion });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("bearer token", problem.Detail());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(Agents.Screens);
        Assert.Empty(Agents.RetrievalRequests);
    }

    public static TheoryData<string> RejectedTokens => new() { "other-key", "wrong-audience", "expired", "garbage" };

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Invalid_tokens_are_rejected_with_401(string kind)
    {
        var token = kind switch
        {
            "other-key" => _tokens.Create("mallory", signingKey: new TestTokens().SigningKey),
            "wrong-audience" => _tokens.Create("mallory", audience: "another-api"),
            "expired" => _tokens.Create("mallory", expiresIn: TimeSpan.FromMinutes(-30)),
            _ => "not.a.token",
        };

        var response = await Client(token).AskAsync(new { question = FakeAgents.RefundQuestion });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(token, problem.Detail());
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(Agents.Screens);
    }

    [Fact]
    public async Task Groups_from_a_json_array_claim_are_forwarded_with_the_filters_to_every_answering_agent()
    {
        // Both agents are planned, so both must get the same restriction.
        Agents.Route = request => new RouteDecision(Intents.Documents, 0.9, [AgentNames.Retrieval, AgentNames.Reporting], request.Question);
        var filters = new { tags = new[] { "policy" }, sourceNames = new[] { "refund-policy.pdf" } };

        var answer = await Client(_tokens.WithGroups("fiona", "finance", "managers"))
            .AskOkAsync(new { question = FakeAgents.RefundQuestion, filters });

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        foreach (var request in new[] { Assert.Single(Agents.RetrievalRequests), Assert.Single(Agents.ReportingRequests) })
        {
            Assert.Equal(["finance", "managers"], request.CallerGroups);
            Assert.Equal(["policy"], request.Filters?.Tags);
            Assert.Equal(["refund-policy.pdf"], request.Filters?.SourceNames);
        }
    }

    [Fact]
    public async Task Groups_claim_name_is_configurable_and_a_stringified_array_is_expanded()
    {
        // Groups from a claim named "roles" here, so the roles come from another claim (Auth:Jwt:RolesClaim).
        await using var gateway = GatewayWith(new Dictionary<string, string>(_tokens.Settings)
        {
            ["Auth:Jwt:GroupsClaim"] = "roles",
            ["Auth:Jwt:RolesClaim"] = "permissions",
        });
        var token = _tokens.Create("erin", new Dictionary<string, object>
        {
            ["roles"] = "[\"engineering\", \"oncall\"]",
            ["groups"] = new[] { "ignored" },
            ["permissions"] = new[] { "reader" },
        });

        await Client(token, gateway).AskOkAsync(new { question = FakeAgents.RefundQuestion });

        Assert.Equal(["engineering", "oncall"], Assert.Single(Agents.RetrievalRequests).CallerGroups);
    }

    [Fact]
    public async Task Search_forwards_the_callers_groups_and_filters_and_returns_the_agents_hits()
    {
        var response = await Client(_tokens.WithGroups("erin", "engineering"))
            .PostAsJsonAsync("/v1/search", new { query = "refund policy", topK = 7, filters = new { documentIds = new[] { "doc-policy" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<SearchResponse>();
        Assert.Equal(["doc-policy", "doc-plans"], body!.Hits.Select(h => h.DocumentId));
        var forwarded = Assert.Single(Agents.Searches);
        Assert.Equal("refund policy", forwarded.Query);
        Assert.Equal(7, forwarded.TopK);
        Assert.Equal(["engineering"], forwarded.CallerGroups);
        Assert.Equal(["doc-policy"], forwarded.Filters?.DocumentIds);
    }

    [Fact]
    public async Task Search_without_a_token_is_401()
    {
        var response = await _gateway.CreateClient().PostAsJsonAsync("/v1/search", new { query = "refund policy" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(Agents.Searches);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/")]
    public async Task Probes_and_the_web_ui_stay_open_without_a_token(string path)
    {
        var response = await _gateway.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Stored_answer_citing_a_restricted_document_is_only_returned_to_a_caller_of_its_group()
    {
        var catalog = new DocumentCatalog(fixture.Redis.Connection);
        var now = DateTimeOffset.UtcNow;
        await catalog.AddAsync(new DocumentInfo("doc-policy", "refund-policy.pdf", "application/pdf", 10, DocumentStatus.Ready, 3, [], null, now, now)
        {
            AllowedGroups = ["finance"],
        }, new byte[] { 1 });

        try
        {
            var answer = await Client(_tokens.WithGroups("fiona", "finance")).AskOkAsync(new { question = FakeAgents.RefundQuestion });
            Assert.Contains(answer.Citations, c => c.DocumentId == "doc-policy");

            var asFinance = await Client(_tokens.WithGroups("fiona", "finance")).GetAsync($"/v1/ask/{answer.AnswerId}");
            var asEngineering = await Client(_tokens.WithGroups("erin", "engineering")).GetAsync($"/v1/ask/{answer.AnswerId}");

            Assert.Equal(HttpStatusCode.OK, asFinance.StatusCode);
            await ProblemAssert.IsProblemAsync(asEngineering, HttpStatusCode.NotFound);
        }
        finally
        {
            await catalog.RemoveAsync("doc-policy");
        }
    }

    [Fact]
    public async Task With_anonymous_allowed_no_token_means_no_groups_but_a_bad_token_is_still_401()
    {
        await using var gateway = GatewayWith(new Dictionary<string, string>(_tokens.Settings) { ["Auth:AllowAnonymous"] = "true" });

        await gateway.CreateClient().AskOkAsync(new { question = FakeAgents.RefundQuestion });
        var rejected = await Client(_tokens.Create("mallory", signingKey: new TestTokens().SigningKey), gateway)
            .AskAsync(new { question = FakeAgents.RefundQuestion });

        Assert.Empty(Assert.Single(Agents.RetrievalRequests).CallerGroups ?? []);
        await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string, string> BadAuthSettings => new()
    {
        { "Auth:Jwt:SigningKey", "too-short", "at least 32 bytes" },
        { "Auth:Jwt:Audience", "", "Auth:Jwt:Audience is required" },
        { "Auth:Jwt:Issuer", "", "Auth:Jwt:Issuer is required" },
    };

    [Theory]
    [MemberData(nameof(BadAuthSettings))]
    public void Gateway_refuses_to_start_with_an_unsafe_jwt_configuration(string key, string value, string message)
    {
        using var gateway = GatewayWith(new Dictionary<string, string>(_tokens.Settings) { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(message, Flatten(error));
    }

    [Fact]
    public void Gateway_refuses_to_start_when_anonymous_is_forbidden_but_no_jwt_is_configured()
    {
        using var gateway = fixture.WithSetting("Auth:AllowAnonymous", "false");

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Auth:AllowAnonymous is false", Flatten(error));
    }

    private WebApplicationFactory<Program> GatewayWith(IReadOnlyDictionary<string, string> settings) =>
        fixture.Factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    private HttpClient Client(string token, WebApplicationFactory<Program>? gateway = null)
    {
        var client = (gateway ?? _gateway).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
            : error.ToString();
}
