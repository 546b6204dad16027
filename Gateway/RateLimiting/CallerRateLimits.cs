using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.RateLimiting;

/// <summary>
/// ASP.NET Core rate limiting per caller and per group (<see cref="RateLimitOptions"/>). Each API request takes a token
/// from its caller's bucket (the token's <c>sub</c>; an anonymous caller's client address) and from the bucket of each of
/// the caller's groups, and long operations also hold one of the caller's concurrency permits. A request refused is
/// answered at once with <c>429</c>, <c>Retry-After</c> and a problem shaped like the budgets' (<c>limit</c>,
/// <c>scope</c>, <c>retryAfterSeconds</c>), and counted in <c>switchboard.rate_limit.rejections{policy, scope}</c>.
/// </summary>
public static class CallerRateLimits
{
    public const string AskPolicy = "ask";
    public const string UploadPolicy = "upload";

    private static readonly Counter<long> Rejections = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.rate_limit.rejections", "{request}", "API requests refused with 429 by a per-caller or per-group rate limit");

    public static IHostApplicationBuilder AddCallerRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.Validate().Any(), "Gateway:RateLimits is invalid: every bucket needs TokenLimit ≥ TokensPerPeriod ≥ 1 and a ReplenishmentPeriod of 10 ms – 1 h.")
            .ValidateOnStart();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>, IOptions<AuthOptions>, CallerResolver>((limiter, options, auth, callers) =>
            {
                var limits = options.Value;
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = (context, token) => RejectAsync(context, token);
                if (!(limits.Enabled ?? !auth.Value.IsOpen))
                {
                    return;
                }

                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    CallerLimiter(callers, limits),
                    GroupLimiter(callers, limits),
                    ConcurrencyLimiter(callers, limits));
            });
        return builder;
    }

    /// <summary>After <c>UseAccess</c> (the caller is known) and before the endpoints.</summary>
    public static WebApplication UseCallerRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Which of the caller's buckets the endpoint draws from (<see cref="AskPolicy"/>, <see cref="UploadPolicy"/>); others use the "other" bucket.</summary>
    public static TBuilder WithCallerRateLimit<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CallerRateLimitMetadata(policy));

    private sealed record CallerRateLimitMetadata(string Policy);

    private static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<CallerRateLimitMetadata>()?.Policy;

    private static bool IsApi(HttpContext context) =>
        context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null;

    private static string CallerKey(Caller caller, HttpContext context) =>
        caller.Subject is { } subject ? "sub:" + subject : "anon:" + context.Connection.RemoteIpAddress;

    private static PartitionedRateLimiter<HttpContext> CallerLimiter(CallerResolver callers, RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!IsApi(context))
            {
                return RateLimitPartition.GetNoLimiter("none");
            }

            var policy = PolicyOf(context) ?? "other";
            var bucket = policy switch { AskPolicy => limits.Ask, UploadPolicy => limits.Upload, _ => limits.Other };
            return TokenBucketPartition($"caller:{policy}:{CallerKey(callers.Resolve(context), context)}", bucket);
        });

    private static GroupRateLimiter GroupLimiter(CallerResolver callers, RateLimitOptions limits) =>
        new(context =>
        {
            var policy = IsApi(context) ? PolicyOf(context) : null;
            var bucket = policy switch { AskPolicy => limits.GroupAsk, UploadPolicy => limits.GroupUpload, _ => null };
            return (policy ?? "", bucket is null ? [] : callers.Resolve(context).Groups, bucket);
        });

    private static PartitionedRateLimiter<HttpContext> ConcurrencyLimiter(CallerResolver callers, RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsApi(context) && PolicyOf(context) is AskPolicy or UploadPolicy
                ? RateLimitPartition.GetConcurrencyLimiter("concurrent:" + CallerKey(callers.Resolve(context), context),
                    _ => new ConcurrencyLimiterOptions { PermitLimit = limits.ConcurrentPerCaller, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("none"));

    private static RateLimitPartition<string> TokenBucketPartition(string key, TokenBucket bucket) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.TokenLimit,
            TokensPerPeriod = bucket.TokensPerPeriod,
            ReplenishmentPeriod = bucket.ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var policy = PolicyOf(context) ?? "other";
        var concurrent = !rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var wait = concurrent ? TimeSpan.FromSeconds(1) : retryAfter;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var scope = concurrent ? "concurrency" : "rate";
        Rejections.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("scope", scope));

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Rate limit exceeded",
                Detail = concurrent
                    ? $"Too many of your requests are running at once; retry in {seconds} s."
                    : $"Too many '{policy}' requests from you or your group; retry in {seconds} s.",
                Extensions =
                {
                    ["limit"] = policy,
                    ["scope"] = scope,
                    ["retryAfterSeconds"] = seconds,
                },
            },
        });
    }
}
