using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Tests.Support;

namespace Switchboard.AgentCore.AI.Tests.Chat;

/// <summary>Anthropic's Messages API: the key header, <c>anthropic-version</c>, <c>max_tokens</c>, and its typed SSE event stream.</summary>
public sealed class AnthropicWireTests : IAsyncLifetime
{
    private const string Key = "sk-ant-test-secret";
    private WireServer _server = null!;

    public async Task InitializeAsync() => _server = await WireServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["AI:Chat:Provider"] = "Anthropic",
        ["AI:Chat:Model"] = "claude-sonnet-4-5",
        ["AI:Chat:ApiKey"] = Key,
        ["AI:Chat:Endpoint"] = _server.Url,
        ["AI:Chat:MaxOutputTokens"] = "300",
    };

    private const string Message = """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Refunds take 5 days [1]."}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":25,"output_tokens":9,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
        """;

    private static readonly string[] Events =
    [
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "event: ping\ndata: {\"type\":\"ping\"}",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Refunds take \"}}",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"5 days [1].\"}}",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}",
    ];

    private const string Overloaded = """{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}""";

    [Fact]
    public async Task Messages_request_carries_the_key_header_version_and_max_tokens_and_usage_is_read()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, Message);
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Answer from the sources."), new ChatMessage(ChatRole.User, "How long do refunds take?")]);

        Assert.Equal("Refunds take 5 days [1].", response.Text);
        Assert.Equal(25, response.Usage?.InputTokenCount);
        Assert.Equal(9, response.Usage?.OutputTokenCount);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.Path);
        // Anthropic SDK 13.12 sends the key as a bearer token (its ClientOptions.ApiKey docs say so), not as x-api-key.
        Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", request.Header("anthropic-version"));
        var body = request.Json;
        Assert.Equal("claude-sonnet-4-5", body.GetProperty("model").GetString());
        Assert.Equal(300, body.GetProperty("max_tokens").GetInt32());
        Assert.Contains("Answer from the sources.", body.GetProperty("system").ToString());
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Contains("How long do refunds take?", message.GetProperty("content").ToString());
    }

    [Fact]
    public async Task Streaming_reads_the_event_stream_and_usage()
    {
        _server.Respond = (ctx, _, _) => WireResponses.ServerSentEvents(ctx, Events);
        using var host = await AiHost.StartAsync(Settings());

        var response = (await host.ChatClient().GetStreamingResponseAsync("How long do refunds take?").ToListAsync()).ToChatResponse();

        Assert.Equal("Refunds take 5 days [1].", response.Text);
        Assert.Equal(25, response.Usage?.InputTokenCount);
        Assert.Equal(9, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_server.Requests);
        Assert.True(request.Json.GetProperty("stream").GetBoolean());
        Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_then_succeeds()
    {
        _server.Respond = (ctx, _, n) => n == 1 ? WireResponses.RateLimited(ctx, Overloaded) : WireResponses.Json(ctx, Message);
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync("hello");

        Assert.Equal("Refunds take 5 days [1].", response.Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_persistent_500_surfaces_as_an_exception_after_the_configured_retries()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, """{"type":"error","error":{"type":"api_error","message":"Internal server error"}}""", 500);
        using var host = await AiHost.StartAsync(Settings());

        var error = await Assert.ThrowsAnyAsync<Anthropic.Exceptions.AnthropicApiException>(() => host.ChatClient().GetResponseAsync("hello"));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("Internal server error", error.Message);
        Assert.DoesNotContain(Key, error.ToString());
        // One retry layer: the SDK's own retries are off (MaxRetries = 0).
        Assert.Equal(3, _server.Requests.Count);
    }
}
