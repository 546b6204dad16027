using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Agents;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) speaking OpenAI's chat-completions protocol, as the
/// AgentCore.AI wire tests do: each request's JSON body is recorded and answered with the next scripted completion
/// (the last one repeats). Shared, as a linked source file, by the agents' test projects.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    public const string Model = "gpt-4o-mini";
    public const string ApiKey = "sk-fake-test-key";

    private WebApplication _app = null!;
    private readonly ConcurrentQueue<JsonElement> _requests = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private Func<HttpContext, Task>? _last;


    public string Url { get; private set; } = "";

    /// <summary>The request bodies received, in order.</summary>
    public IReadOnlyList<JsonElement> Requests => _requests.ToArray();

    /// <summary>The settings that point a Switchboard service at this server.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["AI:Chat:Provider"] = "OpenAI",
        ["AI:Chat:Model"] = Model,
        ["AI:Chat:ApiKey"] = ApiKey,
        ["AI:Chat:Endpoint"] = Url + "/v1",
        ["AI:Chat:Resilience:Retry:MaxRetryAttempts"] = "1",
        ["AI:Chat:Resilience:Retry:Delay"] = "00:00:00.010",
        ["AI:Chat:Resilience:Retry:BackoffType"] = "Constant",
    };

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var server = new FakeOpenAIServer();
        (server._app, server.Url) = await LoopbackServer.StartAsync(app => app.Run(server.HandleAsync));
        return server;
    }

    /// <summary>Scripts the next reply: a completion whose message content is <paramref name="content"/>.</summary>
    public FakeOpenAIServer Reply(string content, int promptTokens = 120, int completionTokens = 20)
    {
        var body = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1700000000,
            model = Model + "-2024-07-18",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        });
        return Enqueue(ctx => Write(ctx, 200, body));
    }

    /// <summary>Scripts the next reply as a server error (as every retry's reply, since the last one repeats).</summary>
    public FakeOpenAIServer Fail(int status = 500) =>
        Enqueue(ctx => Write(ctx, status, """{"error":{"message":"The server had an error","type":"server_error"}}"""));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>The instructions (system message) of request <paramref name="index"/>.</summary>
    public string SystemText(int index) => string.Join('\n', Requests[index].GetProperty("messages").EnumerateArray()
        .Where(m => m.GetProperty("role").GetString() is "system" or "developer")
        .Select(m => m.GetProperty("content").ValueKind == JsonValueKind.String
            ? m.GetProperty("content").GetString()
            : string.Join("", m.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("text").GetString()))));

    private FakeOpenAIServer Enqueue(Func<HttpContext, Task> respond)
    {
        _script.Enqueue(respond);
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        _requests.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
        var respond = _script.TryDequeue(out var next) ? _last = next : _last;
        await (respond ?? (ctx => Write(ctx, 404, "{}")))(context);
    }

    private static async Task Write(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}
