using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.AgentCore.AI.Embeddings.Providers;
using Switchboard.AgentCore.AI.Tests.Support;

namespace Switchboard.AgentCore.AI.Tests.Chat;

/// <summary>OpenAI's chat completions and embeddings protocol, spoken by a local server.</summary>
public sealed class OpenAIWireTests : IAsyncLifetime
{
    private const string Key = "sk-test-openai-secret";
    private WireServer _server = null!;

    public async Task InitializeAsync() => _server = await WireServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["AI:Chat:Provider"] = "OpenAI",
        ["AI:Chat:Model"] = "gpt-4o-mini",
        ["AI:Chat:ApiKey"] = Key,
        ["AI:Chat:Endpoint"] = _server.Url + "/v1",
        ["AI:Chat:MaxOutputTokens"] = "200",
        ["AI:Chat:Temperature"] = "0.1",
    };

    internal static string Completion(string text) => $$$"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":"{{{text}}}"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":21,"completion_tokens":4,"total_tokens":25}}
        """;

    internal static IEnumerable<string> CompletionChunks() =>
    [
        """data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":"Refunds take "},"finish_reason":null}]}""",
        """data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":"5 days [1]."},"finish_reason":null}]}""",
        """data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
        """data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":7,"total_tokens":37}}""",
        "data: [DONE]",
    ];

    internal const string RateLimitBody = """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""";
    internal const string ServerErrorBody = """{"error":{"message":"The server had an error","type":"server_error"}}""";

    [Fact]
    public async Task Chat_sends_the_completions_request_with_bearer_key_and_reads_usage()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, Completion("Refunds take 5 days [1]."));
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Answer from the sources."), new ChatMessage(ChatRole.User, "How long do refunds take?")]);

        Assert.Equal("Refunds take 5 days [1].", response.Text);
        Assert.Equal(21, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.Equal("gpt-4o-mini-2024-07-18", response.ModelId);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
        var body = request.Json;
        Assert.Equal("gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.Equal(0.1, body.GetProperty("temperature").GetDouble(), 3);
        var maxTokens = body.TryGetProperty("max_completion_tokens", out var m) ? m : body.GetProperty("max_tokens");
        Assert.Equal(200, maxTokens.GetInt32());
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user"], messages.Select(x => x.GetProperty("role").GetString()));
        Assert.Contains("How long do refunds take?", messages[1].GetProperty("content").ToString());
    }

    [Fact]
    public async Task Streaming_reads_server_sent_events_and_the_usage_chunk()
    {
        _server.Respond = (ctx, _, _) => WireResponses.ServerSentEvents(ctx, CompletionChunks());
        using var host = await AiHost.StartAsync(Settings());

        var updates = await host.ChatClient().GetStreamingResponseAsync("How long do refunds take?").ToListAsync();
        var response = updates.ToChatResponse();

        Assert.Equal("Refunds take 5 days [1].", response.Text);
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 2);
        Assert.Equal(30, response.Usage?.InputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        var body = Assert.Single(_server.Requests).Json;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_then_succeeds()
    {
        _server.Respond = (ctx, _, n) => n == 1 ? WireResponses.RateLimited(ctx, RateLimitBody) : WireResponses.Json(ctx, Completion("ok"));
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync("hello");

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, _server.Requests.Count);
        // The retried request is the same request: same body, same key.
        Assert.Equal(_server.Requests[0].Body, _server.Requests[1].Body);
        Assert.Equal($"Bearer {Key}", _server.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task A_persistent_500_surfaces_as_an_exception_after_the_configured_retries()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, ServerErrorBody, 500);
        using var host = await AiHost.StartAsync(Settings());

        var error = await Assert.ThrowsAsync<ClientResultException>(() => host.ChatClient().GetResponseAsync("hello"));

        Assert.Equal(500, error.Status);
        Assert.Contains("The server had an error", error.Message);
        // 1 attempt + 2 retries (AI:Chat:Resilience:Retry:MaxRetryAttempts): one retry layer, not the SDK's on top.
        Assert.Equal(3, _server.Requests.Count);
        Assert.DoesNotContain(Key, error.Message);
    }

    [Fact]
    public async Task Embeddings_post_inputs_and_read_vectors_and_usage()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, """
            {"object":"list","model":"text-embedding-3-small",
             "data":[{"object":"embedding","index":0,"embedding":[0.6,0.8,0.0]},{"object":"embedding","index":1,"embedding":[0.0,1.0,0.0]}],
             "usage":{"prompt_tokens":9,"total_tokens":9}}
            """);
        var section = Section(new()
        {
            ["Provider"] = "OpenAI", ["Model"] = "text-embedding-3-small", ["ApiKey"] = Key, ["Endpoint"] = _server.Url + "/v1", ["Dimensions"] = "3",
        });
        using var services = EmbeddingServices(section);
        using var generator = EmbeddingProviderFactory.Create("OpenAI", section, services);

        var embeddings = await generator.GenerateAsync(["refund policy", "travel costs"]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal([0.6f, 0.8f, 0.0f], embeddings[0].Vector.ToArray());
        Assert.Equal(9, embeddings.Usage?.InputTokenCount);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
        Assert.Equal("text-embedding-3-small", request.Json.GetProperty("model").GetString());
        Assert.Equal(["refund policy", "travel costs"], request.Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, request.Json.GetProperty("dimensions").GetInt32());
    }

    internal static Microsoft.Extensions.Configuration.IConfigurationSection Section(Dictionary<string, string?> values) =>
        new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(kv => "AI:Embeddings:" + kv.Key, kv => kv.Value)
                .Append(new("AI:Embeddings:Resilience:Retry:Delay", "00:00:00.010")))
            .Build()
            .GetSection("AI:Embeddings");

    internal static ServiceProvider EmbeddingServices(Microsoft.Extensions.Configuration.IConfigurationSection section)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEmbeddingProviderHttpClient(section);
        return services.BuildServiceProvider();
    }
}
