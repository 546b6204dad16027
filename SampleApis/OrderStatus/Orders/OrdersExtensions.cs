using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Switchboard.SampleApis.OrderStatus.Orders;

public static class OrdersExtensions
{
    public const string RateLimitPolicy = "per-caller";

    /// <summary>
    /// The order book, the options, and a fixed-window rate limit per caller (the API key, else the address): a caller
    /// over the limit gets 429 with Retry-After and a ProblemDetails, the shape API clients (and the agents' REST tool
    /// resilience) are built for.
    /// </summary>
    public static WebApplicationBuilder AddOrders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.SectionName)
            .Validate(o => o.RateLimitPermits >= 1 && o.RateLimitWindow > TimeSpan.Zero && o.MaxPageSize is >= 1 and <= 500,
                "Orders:RateLimitPermits must be at least 1, RateLimitWindow positive, MaxPageSize 1-500.")
            .ValidateOnStart();
        builder.Services.AddSingleton(OrderBook.Sample);

        var options = builder.Configuration.GetSection(OrdersOptions.SectionName).Get<OrdersOptions>() ?? new OrdersOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Request.Headers[ApiKeyFilter.HeaderName].ToString() is { Length: > 0 } key ? "key:" + key.GetHashCode(StringComparison.Ordinal) : "ip:" + context.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RateLimitPermits, Window = options.RateLimitWindow, QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)Math.Ceiling(options.RateLimitWindow.TotalSeconds);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many requests",
                        detail: $"At most {options.RateLimitPermits} calls per {options.RateLimitWindow.TotalSeconds:0} s; retry in {seconds} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }
}
