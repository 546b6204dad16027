using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.ServiceDefaults.Overload;

/// <summary>
/// Bounded concurrency with a short queue (a <see cref="ConcurrencyLimiter"/>, oldest first). A request that finds
/// every slot and queue place taken is answered at once with <c>503</c>, <c>Retry-After</c> and a ProblemDetails saying
/// the service is busy, and counted in <c>switchboard.requests.shed</c>. <c>/health</c>, <c>/alive</c> and
/// <c>/metrics</c> are never limited: a busy service must still answer its probes and its scraper.
/// </summary>
/// <remarks>
/// Its own middleware rather than ASP.NET Core's <c>UseRateLimiter</c> global limiter, so a service can still add
/// per-caller rate-limiting policies (429) without the two sharing one options object or one rejection callback.
/// A queued request waits at most until its deadline (the queue wait observes <c>RequestAborted</c>, which is the
/// deadline's token when one is set).
/// </remarks>
internal sealed class LoadSheddingMiddleware(
    RequestDelegate next, RequestConcurrencyLimiter limiter, IOptions<OverloadOptions> options, IHostEnvironment environment,
    ILogger<LoadSheddingMiddleware> logger)
{
    private readonly OverloadOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        if (Microsoft.Extensions.Hosting.Extensions.IsInfrastructurePath(context.Request.Path)
            || context.GetEndpoint()?.Metadata.GetMetadata<NoLoadShedding>() is not null)
        {
            await next(context);
            return;
        }

        using var lease = await limiter.Limiter.AcquireAsync(1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }

        OverloadMetrics.RecordShed(environment.ApplicationName, context);
        logger.LogDebug("Shed {Method} {Route}: {Max} running, {Queue} queued", context.Request.Method, OverloadMetrics.Route(context),
            _options.MaxConcurrentRequests, _options.QueueLimit);

        var seconds = _options.RetryAfterSeconds;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                $"{environment.ApplicationName} is busy ({_options.MaxConcurrentRequests} requests running, {_options.QueueLimit} waiting): busy, retry in {seconds} s.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "service busy",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds })
            .ExecuteAsync(context);
    }
}

/// <summary>
/// Endpoint metadata: the request holds no slot of the concurrency limit, because it mostly waits without working (a
/// long-lived event stream). Such an endpoint must bound its own concurrent requests.
/// </summary>
public sealed class NoLoadShedding
{
    public static readonly NoLoadShedding Instance = new();

    private NoLoadShedding()
    {
    }
}

/// <summary>The one concurrency limiter of this service instance (a singleton, disposed with the host).</summary>
public sealed class RequestConcurrencyLimiter(IOptions<OverloadOptions> options) : IDisposable
{
    public ConcurrencyLimiter Limiter { get; } = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentRequests,
        QueueLimit = options.Value.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public void Dispose() => Limiter.Dispose();
}
