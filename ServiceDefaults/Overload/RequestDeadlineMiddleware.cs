using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.ServiceDefaults.Overload;

/// <summary>
/// Gives each request its <see cref="RequestDeadline"/>: the smaller of the caller's <c>Switchboard-Deadline-Ms</c>
/// and <see cref="OverloadOptions.Deadline"/>. While it runs, <c>HttpContext.RequestAborted</c> is the deadline's token,
/// so the endpoint's work is cancelled when it passes. A request whose deadline passed ends with a <c>504</c>
/// ProblemDetails (never a stack trace or a 500); one already expired on arrival is not started at all.
/// </summary>
/// <remarks>
/// Sits inside the exception handler, so the cancellation that ends an expired request is answered here and does not
/// reach it. A client that went away is not a deadline: its cancellation propagates as before.
/// </remarks>
internal sealed class RequestDeadlineMiddleware(
    RequestDelegate next, IOptions<OverloadOptions> options, IHostEnvironment environment, ILogger<RequestDeadlineMiddleware> logger)
{
    private readonly TimeSpan? _configured = options.Value.Deadline;

    public async Task InvokeAsync(HttpContext context)
    {
        if (Microsoft.Extensions.Hosting.Extensions.IsInfrastructurePath(context.Request.Path)
            || context.GetEndpoint()?.Metadata.GetMetadata<NoRequestDeadline>() is not null
            || BudgetOf(context) is not { } budget)
        {
            await next(context);
            return;
        }

        var requestAborted = context.RequestAborted;
        using var deadline = RequestDeadline.Start(budget, requestAborted);
        if (budget <= TimeSpan.Zero)
        {
            await WriteExpiredAsync(context, deadline, exception: null);
            return;
        }

        context.RequestAborted = deadline.Token;
        context.Features.Set(deadline);
        RequestDeadline.Current = deadline;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (deadline.IsExpired && !requestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            await WriteExpiredAsync(context, deadline, ex);
        }
        finally
        {
            context.RequestAborted = requestAborted;
            RequestDeadline.Current = null;
        }
    }

    private TimeSpan? BudgetOf(HttpContext context)
    {
        TimeSpan? requested = RequestDeadline.TryParseHeader(context.Request.Headers[RequestDeadline.HeaderName], out var header) ? header : null;
        return (requested, _configured) switch
        {
            ({ } asked, { } limit) => asked < limit ? asked : limit,
            ({ } asked, null) => asked,
            (null, { } limit) => limit,
            _ => null,
        };
    }

    private async Task WriteExpiredAsync(HttpContext context, RequestDeadline deadline, Exception? exception)
    {
        var route = OverloadMetrics.Route(context);
        OverloadMetrics.RecordDeadlineExceeded(environment.ApplicationName, context);
        // Expected under load, and the caller is told: no stack trace, the exception's type is enough to see what stopped.
        logger.LogInformation("{Method} {Route} passed its {BudgetMs} ms deadline ({Stopped})",
            context.Request.Method, route, (long)deadline.Budget.TotalMilliseconds, exception?.GetType().Name ?? "expired on arrival");

        context.Response.Clear();
        await TypedResults.Problem(
                $"{environment.ApplicationName} did not finish the request within its deadline of {(long)deadline.Budget.TotalMilliseconds} ms.",
                statusCode: StatusCodes.Status504GatewayTimeout,
                title: "deadline exceeded",
                extensions: new Dictionary<string, object?> { ["deadlineMs"] = (long)deadline.Budget.TotalMilliseconds })
            .ExecuteAsync(context);
    }
}

/// <summary>Endpoint metadata: the request runs without a deadline (e.g. an upload whose body a slow link sends for a while).</summary>
public sealed class NoRequestDeadline
{
    public static readonly NoRequestDeadline Instance = new();

    private NoRequestDeadline()
    {
    }
}
