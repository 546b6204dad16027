using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Switchboard.ServiceDefaults.Health;
using Switchboard.ServiceDefaults.OpenApi;
using Switchboard.ServiceDefaults.ServiceAuth;
using Switchboard.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The concerns every Switchboard service shares: telemetry, health, service discovery, overload control and the
/// OpenAPI document.
/// Shaped like the Aspire ServiceDefaults template, with three deliberate differences: health endpoints are
/// mapped in every environment (Kubernetes probes them in Production), OTLP export is per signal so a
/// second, named exporter (Langfuse) can be added beside the default one, and there is no resilience handler shared
/// by every HttpClient: one pipeline for all clients meant one circuit breaker for all downstreams (one agent down
/// failed calls to the others) and retries of timed-out calls. Each client that calls out owns its pipeline: the
/// Gateway one per agent (Gateway/Agents/AgentResilience.cs), model providers and API tools their own (AgentCore).
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>The ActivitySource and Meter name every Switchboard component uses for its own spans and instruments.</summary>
    public const string TelemetrySourceName = "Switchboard";

    /// <summary>The meter Polly reports resilience events on (retries, breaker opened/closed, timeouts).</summary>
    public const string PollyMeterName = "Polly";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // First: secrets from Vault (when Vault:Address is set) are configuration like any other for what follows.
        builder.AddVaultSecrets();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.AddOverloadControl();
        builder.AddServiceAuth();

        builder.AddProblemResponses();
        builder.AddOpenApiDocument();
        builder.Services.AddServiceDiscovery();
        // Service discovery: "http://retrieval" resolves to services:retrieval:http:0, :1, ... in round robin. The service
        // token handler comes first (outermost), so it still sees the service name and signs only calls to our own services.
        // No HttpClientFactory logging handlers: their Info lines are filtered out anyway ("System.Net.Http.HttpClient":
        // "Warning"), but the log scope they open on every call was ~8 % of the Gateway's CPU under load (profiled,
        // Tests/Load/RESULTS.md); each call is still a span and in http.client.request.duration, and failures are logged
        // by the caller that handles them.
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers().AddHttpMessageHandler<ServiceTokenHandler>().AddServiceDiscovery());

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var useOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (useOtlp)
            {
                logging.AddOtlpExporter();
            }
        });

        builder.Services.AddOpenTelemetry()
            // The orchestrator's name for the service when it gives one (the AppHost's resource name, "gateway"), so traces,
            // the dashboard and Langfuse name a service as the topology does; else the application's own name.
            .ConfigureResource(resource => resource.AddService(ServiceName(builder)))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(TelemetrySourceName)
                    // Retries, circuit-breaker transitions and timeouts of every resilience pipeline (Polly's own meter).
                    .AddMeter(PollyMeterName)
                    .AddPrometheusExporter();
                if (useOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName, TelemetrySourceName)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (useOtlp)
                {
                    tracing.AddOtlpExporter();
                }

                tracing.AddLangfuseExporter(builder);
            });

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        var timeout = builder.Configuration.GetValue<TimeSpan?>(TimeBoundHealthChecks.ConfigurationKey) ?? TimeBoundHealthChecks.DefaultTimeout;
        builder.Services.AddSingleton<IPostConfigureOptions<HealthCheckServiceOptions>>(new TimeBoundHealthChecks(timeout));
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Never behind a token, whatever fallback authorization policy a service sets: probes and scrapers have none.
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath).AllowAnonymous();
        // The API description is an endpoint like the others: behind the service token on agents, public on the Gateway.
        app.MapOpenApiDocument();
        return app;
    }

    /// <summary>The OpenTelemetry service.name: <c>OTEL_SERVICE_NAME</c> when set, else the application name.</summary>
    public static string ServiceName(IHostApplicationBuilder builder) =>
        builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;

    internal static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath)
        || path.StartsWithSegments(AlivenessEndpointPath)
        || path.StartsWithSegments(MetricsEndpointPath);
}
