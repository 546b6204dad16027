using System.ClientModel;
using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Embeddings.Providers;
using Switchboard.AgentCore.AI.Tests.Support;

namespace Switchboard.AgentCore.AI.Tests.Chat;

/// <summary>Azure OpenAI: deployment-scoped URLs, the <c>api-key</c> header and the <c>api-version</c> query.</summary>
public sealed class AzureOpenAIWireTests : IAsyncLifetime
{
    private const string Key = "azure-test-secret-key";
    private WireServer _server = null!;

    public async Task InitializeAsync() => _server = await WireServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["AI:Chat:Provider"] = "AzureOpenAI",
        ["AI:Chat:Endpoint"] = _server.Url,
        ["AI:Chat:ApiKey"] = Key,
        ["AI:Chat:Deployment"] = "answers-4o-mini",
        ["AI:Chat:Model"] = "gpt-4o-mini",
        ["AI:Chat:ApiVersion"] = "2024-10-21",
    };

    private static void AssertAzureShape(RecordedRequest request, string operation)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/openai/deployments/answers-4o-mini/{operation}", request.Path);
        Assert.Contains("api-version=2024-10-21", request.Query);
        Assert.Equal(Key, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Chat_calls_the_deployment_url_with_api_key_header_and_api_version()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, OpenAIWireTests.Completion("From Azure."));
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync("hello");

        Assert.Equal("From Azure.", response.Text);
        Assert.Equal(21, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        AssertAzureShape(Assert.Single(_server.Requests), "chat/completions");
    }

    [Fact]
    public async Task Streaming_reads_server_sent_events_and_usage()
    {
        _server.Respond = (ctx, _, _) => WireResponses.ServerSentEvents(ctx, OpenAIWireTests.CompletionChunks());
        using var host = await AiHost.StartAsync(Settings());

        var response = (await host.ChatClient().GetStreamingResponseAsync("hello").ToListAsync()).ToChatResponse();

        Assert.Equal("Refunds take 5 days [1].", response.Text);
        Assert.Equal(30, response.Usage?.InputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_server.Requests);
        AssertAzureShape(request, "chat/completions");
        Assert.True(request.Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_then_succeeds()
    {
        _server.Respond = (ctx, _, n) => n == 1
            ? WireResponses.RateLimited(ctx, OpenAIWireTests.RateLimitBody)
            : WireResponses.Json(ctx, OpenAIWireTests.Completion("ok"));
        using var host = await AiHost.StartAsync(Settings());

        var response = await host.ChatClient().GetResponseAsync("hello");

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, _server.Requests.Count);
        AssertAzureShape(_server.Requests[1], "chat/completions");
    }

    [Fact]
    public async Task A_persistent_500_surfaces_as_an_exception_after_the_configured_retries()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, OpenAIWireTests.ServerErrorBody, 500);
        using var host = await AiHost.StartAsync(Settings());

        var error = await Assert.ThrowsAsync<ClientResultException>(() => host.ChatClient().GetResponseAsync("hello"));

        Assert.Equal(500, error.Status);
        Assert.Equal(3, _server.Requests.Count);
        Assert.DoesNotContain(Key, error.Message);
    }

    [Fact]
    public async Task Embeddings_call_the_embedding_deployment()
    {
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, """
            {"object":"list","model":"text-embedding-3-small","data":[{"object":"embedding","index":0,"embedding":[1.0,0.0]}],
             "usage":{"prompt_tokens":3,"total_tokens":3}}
            """);
        var section = OpenAIWireTests.Section(new()
        {
            ["Provider"] = "AzureOpenAI", ["Endpoint"] = _server.Url, ["ApiKey"] = Key, ["Deployment"] = "answers-4o-mini", ["ApiVersion"] = "2024-10-21",
        });
        using var services = OpenAIWireTests.EmbeddingServices(section);
        using var generator = EmbeddingProviderFactory.Create("AzureOpenAI", section, services);

        var embeddings = await generator.GenerateAsync(["refund policy"]);

        Assert.Equal([1.0f, 0.0f], embeddings[0].Vector.ToArray());
        Assert.Equal(3, embeddings.Usage?.InputTokenCount);
        var request = Assert.Single(_server.Requests);
        AssertAzureShape(request, "embeddings");
    }
}
