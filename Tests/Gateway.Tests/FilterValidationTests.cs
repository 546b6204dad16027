using System.Net;
using System.Net.Http.Json;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.Gateway.Asking;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests;

/// <summary>Metadata filters on <c>/v1/ask</c> and <c>/v1/search</c>: bad ones are a 400 naming the field; good ones reach the agent intact.</summary>
[Collection(GatewayCollection.Name)]
public sealed class FilterValidationTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();
    private FakeAgents Agents => fixture.Agents;

    public Task InitializeAsync()
    {
        Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, object> BadFilters => new()
    {
        { "filters.uploadedTo", new { uploadedFrom = "2024-06-01T00:00:00Z", uploadedTo = "2024-01-01T00:00:00Z" } },
        { "filters.tags", new { tags = Enumerable.Range(0, SearchFilterRules.MaxTags + 1).Select(i => $"t{i}").ToArray() } },
        { "filters.tags", new { tags = new[] { "ok", " " } } },
        { "filters.sourceNames", new { sourceNames = new[] { new string('n', SearchFilterRules.MaxSourceNameLength + 1) } } },
        { "filters.documentIds", new { documentIds = new[] { "" } } },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task Ask_with_invalid_filters_is_a_400_naming_the_field(string field, object filters)
    {
        var response = await _client.AskAsync(new { question = FakeAgents.RefundQuestion, filters });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors lack '{field}': {problem}");
        Assert.Empty(Agents.Screens);
    }

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task Search_with_invalid_filters_is_a_400_naming_the_field(string field, object filters)
    {
        var response = await _client.PostAsJsonAsync("/v1/search", new { query = "refund", filters });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors lack '{field}': {problem}");
        Assert.Empty(Agents.Searches);
    }

    [Fact]
    public async Task Valid_filters_reach_the_agent_unchanged()
    {
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.Zero);

        await _client.AskOkAsync(new
        {
            question = FakeAgents.RefundQuestion,
            filters = new { documentIds = new[] { "doc-policy" }, sourceNames = new[] { "refund-policy.pdf" }, tags = new[] { "hr" }, uploadedFrom = from, uploadedTo = to },
        });

        var filters = Assert.Single(Agents.RetrievalRequests).Filters;
        Assert.NotNull(filters);
        Assert.Equal(["doc-policy"], filters.DocumentIds);
        Assert.Equal(["refund-policy.pdf"], filters.SourceNames);
        Assert.Equal(["hr"], filters.Tags);
        Assert.Equal(from, filters.UploadedFrom);
        Assert.Equal(to, filters.UploadedTo);
    }

    [Theory]
    [InlineData("{}", "query")]
    [InlineData("{\"query\": \"  \"}", "query")]
    [InlineData("{\"query\": \"refund\", \"topK\": 51}", "topK")]
    [InlineData("{\"query\": \"refund\", \"topK\": 0}", "topK")]
    public async Task Search_with_an_invalid_query_or_topK_is_a_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync("/v1/search", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors lack '{field}': {problem}");
    }

    [Fact]
    public async Task Search_body_cannot_claim_caller_groups()
    {
        var response = await _client.PostAsJsonAsync("/v1/search", new { query = "refund", callerGroups = new[] { "finance" } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("callerGroups", problem.Detail());
        Assert.Empty(Agents.Searches);
    }

    [Fact]
    public async Task Search_is_503_naming_the_agent_when_retrieval_fails()
    {
        Agents.Search = _ => throw new InvalidOperationException("index unavailable");

        var response = await _client.PostAsJsonAsync("/v1/search", new { query = "refund" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains(AgentNames.Retrieval, problem.GetProperty("title").GetString());
    }
}
