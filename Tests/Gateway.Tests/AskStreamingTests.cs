using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Asking;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// <c>POST /v1/ask</c> as server-sent events: asked for with <c>Accept: text/event-stream</c> or <c>?stream=true</c>, it
/// sends the stages as they start, the reviewed answer's text in pieces, then the whole answer; bad input is still a
/// plain 4xx problem, and an agent failing after the stream began ends it with an error event.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AskStreamingTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    public Task InitializeAsync()
    {
        fixture.Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Accept_event_stream_sends_the_stages_then_the_answer_in_pieces_then_the_whole_answer()
    {
        var response = await AskAsync("/v1/ask", "text/event-stream", new { question = FakeAgents.RefundQuestion });

        var events = await EventsAsync(response);
        var kinds = events.Select(e => e.Event).ToList();
        var stages = events.Where(e => e.Event == "stage").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal(new[] { "screen", "route", "answer", "review", "risk" }, stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal(new[] { "retrieval" }, stages[2].GetProperty("agents").EnumerateArray().Select(a => a.GetString()));
        Assert.True(kinds.LastIndexOf("stage") < kinds.IndexOf("delta"), string.Join(",", kinds));
        Assert.Equal("answer", kinds[^1]);

        var pieces = events.Where(e => e.Event == "delta").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()).ToList();
        Assert.True(pieces.Count > 2, $"the answer came in {pieces.Count} pieces");
        Assert.Equal(FakeAgents.RefundAnswer, string.Concat(pieces));

        var answer = JsonSerializer.Deserialize<AskResponse>(events[^1].Data, SwitchboardJson.Options)!;
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal(FakeAgents.RefundAnswer, answer.Answer);
        Assert.Equal(new[] { 1, 2 }, answer.Citations.Select(c => c.Number));
        var stored = await _client.GetFromJsonAsync<AskResponse>($"/v1/ask/{answer.AnswerId}");
        Assert.Equal(answer.Answer, stored!.Answer);
    }

    [Fact]
    public async Task The_stream_query_parameter_decides_over_the_accept_header()
    {
        var streamed = await AskAsync("/v1/ask?stream=true", "application/json", new { question = FakeAgents.RefundQuestion });
        Assert.Equal("answer", (await EventsAsync(streamed))[^1].Event);

        var plain = await AskAsync("/v1/ask?stream=false", "text/event-stream", new { question = FakeAgents.RefundQuestion });
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("application/json", plain.Content.Headers.ContentType?.MediaType);

        var invalid = await AskAsync("/v1/ask?stream=maybe", "text/event-stream", new { question = FakeAgents.RefundQuestion });
        var problem = await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("stream", out _), problem.ToString());
    }

    [Fact]
    public async Task Bad_input_is_a_problem_response_not_a_stream()
    {
        var response = await AskAsync("/v1/ask", "text/event-stream", new { question = "" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _), problem.ToString());
        Assert.Empty(fixture.Agents.Screens);
    }

    [Fact]
    public async Task An_agent_failing_after_the_stream_began_ends_it_with_an_error_event_saying_busy_and_when_to_retry()
    {
        fixture.Agents.Interceptors[AgentNames.Retrieval] = context =>
        {
            context.Response.Headers.RetryAfter = "2";
            return Task.FromResult<IResult?>(Results.Problem("RetrievalAgent is busy", statusCode: 503, title: "service busy"));
        };
        await using var gateway = fixture.WithSetting("Gateway:AgentCalls:MaxRetryAttempts", "0");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/ask") { Content = JsonContent.Create(new { question = FakeAgents.RefundQuestion }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        var events = await EventsAsync(await gateway.CreateClient().SendAsync(request));

        Assert.DoesNotContain(events, e => e.Event is "delta" or "answer");
        var error = events[^1];
        Assert.Equal("error", error.Event);
        var problem = JsonDocument.Parse(error.Data).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("retrieval busy", problem.GetProperty("title").GetString());
        Assert.Equal(2, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.StartsWith("retrieval busy, retry in 2 s", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Refunds are available within 30 days of purchase [1]. Annual plans get a prorated refund [2].")]
    [InlineData("One [1, 2] two  three\n\nfour [3]")]
    [InlineData("  leading space and a very-long-word-without-any-breaks-at-all-in-it [12]")]
    [InlineData("")]
    public void Answer_pieces_join_to_the_text_and_never_split_a_word_or_a_marker(string text)
    {
        var pieces = AnswerChunks.Split(text).ToList();

        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces.SkipLast(1), p => Assert.True(char.IsWhiteSpace(p[^1]), $"'{p}' ends inside a word"));
        Assert.DoesNotContain(pieces, p => p.Count(c => c == '[') != p.Count(c => c == ']'));
    }

    private Task<HttpResponseMessage> AskAsync(string path, string accept, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return _client.SendAsync(request);
    }

    private static async Task<IReadOnlyList<SseEvent>> EventsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return ServerSentEventText.Parse(body);
    }
}
