using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Tests.Support;

namespace Switchboard.AgentCore.AI.Tests.Support;

/// <summary>One request as the provider's server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) that a test scripts to speak one provider's wire protocol.
/// Every request is recorded; <see cref="Respond"/> decides each response from the request and its ordinal.
/// </summary>
public sealed class WireServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();


    public string Url { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Writes the response to request number <c>n</c> (1-based).</summary>
    public Func<HttpContext, RecordedRequest, int, Task> Respond { get; set; } = (ctx, _, _) =>
    {
        ctx.Response.StatusCode = 404;
        return Task.CompletedTask;
    };

    public static async Task<WireServer> StartAsync()
    {
        var server = new WireServer();
        (server._app, server.Url) = await LoopbackServer.StartAsync(app => app.Run(server.HandleAsync));
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", headers, body);
        _requests.Enqueue(request);
        await Respond(context, request, _requests.Count);
    }
}

/// <summary>Response helpers shared by the provider protocols.</summary>
public static class WireResponses
{
    public static async Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    /// <summary>429 Too Many Requests with <c>Retry-After: 1</c>, the way rate-limited providers answer.</summary>
    public static Task RateLimited(HttpContext context, string json)
    {
        context.Response.Headers.RetryAfter = "1";
        return Json(context, json, 429);
    }

    /// <summary>Server-sent events: each item is one event block (its lines without the blank separator line).</summary>
    public static async Task ServerSentEvents(HttpContext context, IEnumerable<string> events)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var item in events)
        {
            await context.Response.WriteAsync(item + "\n\n");
            await context.Response.Body.FlushAsync();
        }
    }

    /// <summary>Newline-delimited JSON (Ollama's streaming format).</summary>
    public static async Task NdJson(HttpContext context, IEnumerable<string> lines)
    {
        context.Response.ContentType = "application/x-ndjson";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n");
            await context.Response.Body.FlushAsync();
        }
    }
}
