using System.Text;
using Aspire.Hosting.ApplicationModel;

namespace Switchboard.AppHost.Prometheus;

/// <summary>
/// Debian's <c>prometheus</c> (2.42: no OTLP receiver, so it scrapes) as an executable resource, when installed.
/// Its configuration is written just before it starts, when every service's address is known: one job per
/// service scraping <c>/metrics</c>. Data in <c>&lt;data-dir&gt;/prometheus</c>.
/// </summary>
public static class PrometheusResourceExtensions
{
    public static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists);

    public static IResourceBuilder<ExecutableResource> AddPrometheus(
        this IDistributedApplicationBuilder builder, string name, string binary, string dataDirectory,
        IReadOnlyList<IResourceBuilder<ProjectResource>> targets, int? port)
    {
        Directory.CreateDirectory(dataDirectory);
        var configFile = Path.Combine(dataDirectory, "prometheus.yml");
        var prometheus = builder.AddExecutable(name, binary, dataDirectory)
            .WithHttpEndpoint(port: port, name: "http")
            .WithArgs(context =>
            {
                var endpoint = ((IResourceWithEndpoints)context.Resource).GetEndpoint("http");
                context.Args.Add($"--config.file={configFile}");
                context.Args.Add($"--storage.tsdb.path={Path.Combine(dataDirectory, "tsdb")}");
                context.Args.Add("--storage.tsdb.retention.time=7d");
                context.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
            })
            .WithHttpHealthCheck("/-/ready");

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, (_, _) =>
        {
            File.WriteAllText(configFile, ScrapeConfig(targets));
            return Task.CompletedTask;
        });

        foreach (var target in targets)
        {
            prometheus.WaitFor(target);
        }

        return prometheus;
    }

    private static string ScrapeConfig(IReadOnlyList<IResourceBuilder<ProjectResource>> targets)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by the AppHost at each start (Prometheus/PrometheusResourceExtensions.cs); edits are lost.");
        yaml.AppendLine("global:");
        yaml.AppendLine("  scrape_interval: 15s");
        yaml.AppendLine("scrape_configs:");
        foreach (var target in targets)
        {
            var endpoint = target.GetEndpoint("http");
            yaml.AppendLine($"  - job_name: {target.Resource.Name}");
            yaml.AppendLine("    metrics_path: /metrics");
            yaml.AppendLine("    static_configs:");
            yaml.AppendLine($"      - targets: ['{endpoint.Host}:{endpoint.Port}']");
        }

        return yaml.ToString();
    }
}
