using Switchboard.Deployment.Tests.Monitoring;
using Switchboard.Deployment.Tests.Policy;
using Switchboard.Deployment.Tests.Support;

namespace Switchboard.Deployment.Tests;

/// <summary>The SRE's rules and dashboards (monitoring/) reach the cluster through k8s/monitoring/generated.</summary>
public sealed class MonitoringWiringTests
{
    private static readonly string Source = Repository.PathOf("monitoring");
    private static readonly string Output = Path.Combine(Repository.K8s, "monitoring", "generated");

    [Fact]
    public void Generated_wiring_matches_the_monitoring_folder()
    {
        var expected = MonitoringBundle.Generate(Source);
        if (Environment.GetEnvironmentVariable("SWITCHBOARD_WRITE_GENERATED") == "1")
        {
            MonitoringBundle.Write(Output, expected);
        }

        var actual = MonitoringBundle.Read(Output);
        var differing = expected.Keys.Union(actual.Keys)
            .Where(key => !expected.TryGetValue(key, out var e) || !actual.TryGetValue(key, out var a) || e != a)
            .Order().ToList();
        Assert.True(differing.Count == 0,
            $"k8s/monitoring/generated is out of date with monitoring/ ({string.Join(", ", differing)}). " +
            "Regenerate: SWITCHBOARD_WRITE_GENERATED=1 dotnet test Tests/Deployment.Tests -c Release --filter MonitoringWiringTests");
    }

    /// <summary>
    /// The generator on a rule file and a dashboard of the shapes promtool and Grafana read: the result renders with
    /// kustomize and passes the PrometheusRule CRD's schema and the policies, so the SRE files plug in as they are.
    /// </summary>
    [RenderFact]
    public async Task A_rule_file_and_a_dashboard_become_a_valid_PrometheusRule_and_a_dashboard_ConfigMap()
    {
        var root = Directory.CreateTempSubdirectory("monitoring-bundle-");
        try
        {
            var source = Directory.CreateDirectory(Path.Combine(root.FullName, "monitoring", "alerts"));
            await File.WriteAllTextAsync(Path.Combine(source.FullName, "slo.rules.yml"), """
                groups:
                  - name: switchboard-latency
                    rules:
                      - alert: AskLatencyHigh
                        expr: |
                          histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{http_route="/v1/ask"}[5m]))) > 5
                        for: 10m
                        labels:
                          severity: page
                        annotations:
                          summary: "p95 of /v1/ask above 5 s"
                          runbook: "Roll back the last release (k8s/README.md)."
                """);
            await File.WriteAllTextAsync(Path.Combine(source.FullName, "slo.rules.test.yml"), "rule_files: [slo.rules.yml]\ntests: []\n");
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "monitoring", "overview.json"), """{"title": "Switchboard overview", "panels": [{"type": "timeseries", "targets": [{"expr": "sum(rate(http_server_request_duration_seconds_count[5m]))"}]}]}""");
            var output = Path.Combine(root.FullName, "generated");

            MonitoringBundle.Write(output, MonitoringBundle.Generate(Path.Combine(root.FullName, "monitoring")));
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: switchboard\nlabels:\n  - pairs:\n      app.kubernetes.io/part-of: switchboard\nresources:\n  - generated\n");
            var yaml = await Kustomize.RenderAsync(root.FullName);
            var manifests = Manifests.ManifestSet.Parse(yaml);

            var rule = Assert.Single(manifests.OfKind("PrometheusRule"));
            Assert.Equal("switchboard-alerts-slo-rules", rule.Name);
            Assert.Contains("AskLatencyHigh", rule.Yaml);
            var dashboard = Assert.Single(manifests.OfKind("ConfigMap"));
            Assert.Equal("grafana-dashboard-overview", dashboard.Name);
            Assert.Equal("1", dashboard.Labels["grafana_dashboard"]);
            Assert.Contains("Switchboard overview", dashboard.Map("data")["overview.json"]);
            var findings = await Rendered.CheckAsync(yaml, PolicyProfile.Development);
            Assert.True(findings.Count == 0, Rendered.Describe(findings));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
