using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace Switchboard.AppHost.Topology;

public static class ServiceResourceExtensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    /// <summary>
    /// What every Switchboard service has (ServiceDefaults): one <c>http</c> endpoint, on <paramref name="port"/> when
    /// running with fixed ports (never in a published manifest), and <c>/health</c> as the dashboard's health check. The
    /// manifest entry also carries the probes (readiness <c>/health</c>, liveness <c>/alive</c>) for the Kubernetes
    /// manifests, which Aspire's own project.v0 writer leaves out. A single replica listens on its port itself, the fixed
    /// one or one Aspire picks (no DCP proxy in front): one hop less per call; the process owning the port is the service,
    /// which the load tool's per-process CPU and memory sampling relies on; and a killed service refuses connections at
    /// once, where DCP's proxy accepts them and leaves its callers waiting (the end-to-end outage tests expect the
    /// Gateway's 503 naming the agent, not a 504). Several replicas need the proxy to spread calls.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsService(this IResourceBuilder<ProjectResource> service, AppHostSettings settings, int port, int replicas = 1)
    {
        var fixedPort = settings.FixedPorts && service.ApplicationBuilder.ExecutionContext.IsRunMode ? port : (int?)null;
        if (replicas > 1)
        {
            service.WithReplicas(replicas);
        }

        if (settings.TraceSampling < 1)
        {
            // Aspire sends every span to the dashboard (always_on); under load that costs more CPU than the services'
            // own work, so a load test or a busy shared stack samples traces at the root (the OTel SDK's standard
            // variables), every service following the caller's decision.
            service
                .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", settings.TraceSampling.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // The metrics push interval: the parameter when given (run and publish), else 5 s when running (Aspire's 1 s costs
        // each service several percent of its CPU, AppHostSettings.RunModeMetricsExportSeconds).
        var metricsSeconds = settings.MetricsExportSeconds
            ?? (service.ApplicationBuilder.ExecutionContext.IsRunMode ? AppHostSettings.RunModeMetricsExportSeconds : (int?)null);
        if (metricsSeconds is { } seconds)
        {
            service.WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", (seconds * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return service
            .WithHttpEndpoint(port: fixedPort, name: "http", isProxied: replicas > 1 || !service.ApplicationBuilder.ExecutionContext.IsRunMode)
            .WithHttpHealthCheck(HealthPath)
            .WithManifestPublishingCallback(context => WriteProjectWithProbesAsync(context, service.Resource));
    }

    /// <summary>The project.v0 entry as Aspire writes it (path, args, env, bindings), plus <c>probes</c>.</summary>
    private static async Task WriteProjectWithProbesAsync(ManifestPublishingContext context, ProjectResource project)
    {
        var writer = context.Writer;
        writer.WriteString("type", "project.v0");
        writer.WriteString("path", context.GetManifestRelativePath(project.GetProjectMetadata().ProjectPath));
        await context.WriteCommandLineArgumentsAsync(project);
        await context.WriteEnvironmentVariablesAsync(project);
        context.WriteBindings(project);

        writer.WriteStartArray("probes");
        foreach (var (type, path) in new[] { ("readiness", HealthPath), ("liveness", AlivePath) })
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("path", path);
            writer.WriteString("endpoint", "http");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
