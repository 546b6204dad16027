using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Embeddings.Providers;
using Switchboard.AgentCore.AI.Tests.Support;

namespace Switchboard.AgentCore.AI.Tests.Chat;

/// <summary>Ollama's native API: <c>/api/chat</c> (JSON or NDJSON stream) and <c>/api/embed</c>.</summary>
public sealed class OllamaWireTests : IAsyncLifetime
{
    private WireServer _server = null!;

    public async Task InitializeAsync() => _server = await WireServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["AI:Chat:Provider"] = "Ollama",
        ["AI:Chat:Model"] = "llama3.2",
        ["AI:Chat:Endpoint"] = _server.Url,
        ["AI:Chat:Temperature"] = "0.2",
    };

    private static string Done(string content) => $$"""
        {"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"{{content}}"},
         "done":true,"done_reason":"stop","total_duration":1000,"prompt_eval_count":18,"eval_count":6}
        """.ReplaceLineEndings("");

    /// <summary>Answers like Ollama: one JSON object, or NDJSON chunks when the request asked to stream.</summary>
    private static Task Chat(Microsoft.AspNetCore.Http.HttpContext ctx, RecordedRequest request)
    {
        var stream = !request.Json.TryGetProperty("stream", out var s) || s.GetBoolean();
        return stream
            ? WireResponses.NdJson(ctx,
            [
                """{"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Refunds take "},"done":false}""",
                """{"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"5 days."},"done":false}""",
                Done(""),
            ])
            : WireResponses.Json(ctx, Done("Refunds take 5 days."));
    }

    [Fact]
    public async Task Chat_posts_to_api_chat_and_reads_the_eval_counts_as_usage()
    {
        _server.Respond = (ctx, req, _) => Chat(ctx, req);
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync("How long do refunds take?");

        Assert.Equal("Refunds take 5 days.", response.Text);
        Assert.Equal(18, response.Usage?.InputTokenCount);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/api/chat", request.Path);
        Assert.Equal("llama3.2", request.Json.GetProperty("model").GetString());
        Assert.Equal("How long do refunds take?", request.Json.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(0.2, request.Json.GetProperty("options").GetProperty("temperature").GetDouble(), 3);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Streaming_reads_newline_delimited_json()
    {
        _server.Respond = (ctx, req, _) => Chat(ctx, req);
        using var host = await AiHost.StartAsync(Settings());

        var updates = await host.ChatClient().GetStreamingResponseAsync("How long do refunds take?").ToListAsync();
        var response = updates.ToChatResponse();

        Assert.Equal("Refunds take 5 days.", response.Text);
        Assert.Equal(18, response.Usage?.InputTokenCount);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
        Assert.True(Assert.Single(_server.Requests).Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_then_succeeds()
    {
        _server.Respond = (ctx, req, n) => n == 1 ? WireResponses.RateLimited(ctx, """{"error":"too many requests"}""") : Chat(ctx, req);
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync("hello");

        Assert.Equal("Refunds take 5 days.", response.Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_persistent_500_surfaces_as_an_exception_after_the_configured_retries()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, """{"error":"model runner crashed"}""", 500);
        using var host = await AiHost.StartAsync(Settings());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => host.ChatClient().GetResponseAsync("hello"));

        // OllamaSharp reports the status, not the body.
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Embeddings_post_to_api_embed()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx,
            """{"model":"all-minilm","embeddings":[[0.0,0.6,0.8],[1.0,0.0,0.0]],"prompt_eval_count":7}""");
        var section = OpenAIWireTests.Section(new() { ["Provider"] = "Ollama", ["Model"] = "all-minilm", ["Endpoint"] = _server.Url });
        using var services = OpenAIWireTests.EmbeddingServices(section);
        using var generator = EmbeddingProviderFactory.Create("Ollama", section, services);

        var embeddings = await generator.GenerateAsync(["refund policy", "travel costs"]);

        Assert.Equal([0.0f, 0.6f, 0.8f], embeddings[0].Vector.ToArray());
        Assert.Equal(2, embeddings.Count);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/api/embed", request.Path);
        Assert.Equal("all-minilm", request.Json.GetProperty("model").GetString());
        Assert.Equal(["refund policy", "travel costs"], request.Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
    }
}
