using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Api;

public sealed class ValidationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RetrievalApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new RetrievalApp(redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("", null, "query")]
    [InlineData("   ", null, "query")]
    [InlineData("leave", 0, "topK")]
    [InlineData("leave", 51, "topK")]
    public async Task Search_rejects_bad_input_naming_the_field(string query, int? topK, string field)
    {
        var problem = await ProblemAsync(
            await _app.Client.PostAsJsonAsync("/search", new SearchRequest(query, topK)), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("", 5, "question")]
    [InlineData("leave", -1, "topK")]
    public async Task Answer_rejects_bad_input_naming_the_field(string question, int? topK, string field)
    {
        var problem = await ProblemAsync(
            await _app.Client.PostAsJsonAsync("/answer", new AgentAnswerRequest(question, topK)), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_missing_question_is_a_validation_problem()
    {
        var response = await _app.Client.PostAsJsonAsync("/answer", new { topK = 3 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_problem()
    {
        var response = await _app.Client.PostAsync("/search", new StringContent("{\"query\": ", System.Text.Encoding.UTF8, "application/json"));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Deleting_an_unknown_document_is_not_found()
    {
        var problem = await ProblemAsync(await _app.Client.DeleteAsync("/documents/does-not-exist"), HttpStatusCode.NotFound);

        Assert.Contains("does-not-exist", problem.GetProperty("detail").GetString());
    }
}
