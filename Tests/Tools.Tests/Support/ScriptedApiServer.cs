using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Tests.Support;

namespace Switchboard.Tools.Tests.Support;

/// <summary>One request as the server saw it.</summary>
public sealed record SeenRequest(int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, TimeSpan At);

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 whose answers the test scripts: each request gets a number (1-based) and the
/// <see cref="Respond"/> delegate decides the response, e.g. 429 with Retry-After, 500, or hold until released.
/// Every request is recorded with its headers and the server's monotonic arrival time.
/// </summary>
public sealed class ScriptedApiServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<SeenRequest> _seen = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _count;


    /// <summary>Decides the response of request number n (1-based).</summary>
    public Func<HttpContext, int, Task> Respond { get; set; } = (context, _) => Json(context, 200, """{"ok":true}""");

    public Uri BaseAddress { get; private set; } = null!;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<SeenRequest> Seen => [.. _seen.OrderBy(r => r.Number)];

    public static async Task<ScriptedApiServer> StartAsync()
    {
        var server = new ScriptedApiServer();
        (server._app, var url) = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            var number = Interlocked.Increment(ref server._count);
            server._seen.Enqueue(new SeenRequest(
                number,
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                server._clock.Elapsed));
            await server.Respond(context, number);
        }));
        server.BaseAddress = new Uri(url);
        return server;
    }

    public static async Task Json(HttpContext context, int status, string json, Action<IHeaderDictionary>? headers = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        headers?.Invoke(context.Response.Headers);
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
