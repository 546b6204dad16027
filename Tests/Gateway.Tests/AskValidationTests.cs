using System.Net;
using System.Text;
using System.Text.Json;

namespace Switchboard.Gateway.Tests;

/// <summary>Every malformed question gets its exact status and a ProblemDetails body, and never reaches an agent.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AskValidationTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    public Task InitializeAsync()
    {
        fixture.Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Assert.Empty(fixture.Agents.Screens); // rejected before the first agent call
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("{\"question\":\"\"}")]
    [InlineData("{\"question\":\"   \\n\\t \"}")]
    [InlineData("{}")]
    [InlineData("{\"question\":null}")]
    public async Task Empty_question_is_400_validation_problem_on_question(string json)
    {
        var response = await PostJsonAsync(json);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _), problem.ToString());
    }

    [Fact]
    public async Task Question_over_the_length_limit_is_400_naming_question()
    {
        var response = await PostJsonAsync(JsonSerializer.Serialize(new { question = new string('a', 4001) }));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("4000", problem.GetProperty("errors").GetProperty("question")[0].GetString());
    }

    [Fact]
    public async Task One_megabyte_question_is_413_problem()
    {
        var response = await PostJsonAsync(JsonSerializer.Serialize(new { question = new string('a', 1024 * 1024) }));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("65536", problem.Detail());
    }

    [Fact]
    public async Task Oversized_body_without_content_length_is_413_problem()
    {
        // Chunked: the size is only known while reading, so the limit is enforced on the stream itself.
        var json = JsonSerializer.Serialize(new { question = new string('a', 200_000) });
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/ask") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("{\"question\":\"hi\",\"foo\":1}", "'foo'")]
    [InlineData("{\"question\":\"hi\",\"filters\":{\"documentIds\":[\"a\"],\"tag\":\"x\"}}", "'filters.tag'")]
    public async Task Unknown_field_is_400_naming_it(string json, string field)
    {
        var response = await PostJsonAsync(json);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Detail());
        Assert.DoesNotContain("Switchboard", problem.Detail()); // no .NET type names leak
    }

    [Theory]
    [InlineData("{\"question\":\"hi\",")]
    [InlineData("{question: 'hi'}")]
    [InlineData("not json")]
    public async Task Malformed_json_is_400_problem(string json)
    {
        var response = await PostJsonAsync(json);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a question\"")]
    public async Task Json_that_is_not_an_object_is_400_problem(string json)
    {
        var response = await PostJsonAsync(json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_body_is_400_problem()
    {
        var response = await PostJsonAsync("");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Wrong_content_type_is_415_problem(string contentType)
    {
        var response = await _client.PostAsync("/v1/ask", new StringContent("{\"question\":\"hi\"}", Encoding.UTF8, contentType));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    [InlineData(-3)]
    public async Task TopK_outside_1_to_20_is_400_naming_topK(int topK)
    {
        var response = await PostJsonAsync(JsonSerializer.Serialize(new { question = "hi", topK }));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("topK", out _), problem.ToString());
    }

    [Fact]
    public async Task TopK_of_the_wrong_type_is_400_naming_topK()
    {
        var response = await PostJsonAsync("{\"question\":\"hi\",\"topK\":\"five\"}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'topK'", problem.Detail());
    }

    [Fact]
    public async Task Session_id_with_unsafe_characters_is_400_naming_sessionId()
    {
        var response = await PostJsonAsync(JsonSerializer.Serialize(new { question = "hi", sessionId = "a b/../*" }));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sessionId", out _), problem.ToString());
    }

    private Task<HttpResponseMessage> PostJsonAsync(string json) =>
        _client.PostAsync("/v1/ask", new StringContent(json, Encoding.UTF8, "application/json"));
}
