using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.ServiceDefaults.Overload;

namespace Microsoft.Extensions.Hosting;

/// <summary>Overload control every service shares: one deadline per request and bounded concurrency with a short queue.</summary>
public static class OverloadExtensions
{
    /// <summary>Binds <see cref="OverloadOptions"/> (<c>Overload:*</c>, validated at start). Called by <c>AddServiceDefaults</c>.</summary>
    public static TBuilder AddOverloadControl<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<OverloadOptions>()
            .BindConfiguration(OverloadOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RetryAfter > TimeSpan.Zero, "Overload:RetryAfter must be positive.")
            .Validate(o => o.Deadline is null || o.Deadline > TimeSpan.Zero, "Overload:Deadline must be positive when set.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<RequestConcurrencyLimiter>();
        return builder;
    }

    /// <summary>
    /// The request deadline, then load shedding. Call it after <c>UseExceptionHandler</c>/<c>UseStatusCodePages</c>
    /// (an expired deadline is answered here as a 504 problem, before the exception handler could make it a 500) and
    /// before the service's own endpoints.
    /// </summary>
    public static IApplicationBuilder UseOverloadControl(this IApplicationBuilder app)
    {
        app.UseMiddleware<RequestDeadlineMiddleware>();
        app.UseMiddleware<LoadSheddingMiddleware>();
        return app;
    }

    /// <summary>The endpoint holds no slot of the concurrency limit (it must bound its own concurrency; see <see cref="NoLoadShedding"/>).</summary>
    public static TBuilder WithoutLoadShedding<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoLoadShedding.Instance);

    /// <summary>The endpoint runs without a request deadline (it is still subject to load shedding).</summary>
    public static TBuilder WithoutRequestDeadline<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoRequestDeadline.Instance);

    /// <summary>Sends the current request's remaining deadline with every call of this client (our own services only).</summary>
    public static IHttpClientBuilder AddRequestDeadlinePropagation(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(() => new DeadlinePropagationHandler());
}
