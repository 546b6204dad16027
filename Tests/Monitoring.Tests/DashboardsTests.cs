using System.Text.Json;
using Switchboard.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Monitoring.Tests;

/// <summary>
/// The Grafana dashboards and provisioning files are well formed (Grafana itself cannot run here: the queries are
/// proved against a real Prometheus in EndToEnd.Tests/MonitoringEndToEndTests).
/// </summary>
public sealed class DashboardsTests
{
    private static readonly string DashboardsDirectory = MonitoringFiles.DashboardsDirectory(Repository.Root);

    [Fact]
    public void The_five_dashboards_exist_with_unique_uids_and_titles()
    {
        var dashboards = Directory.GetFiles(DashboardsDirectory, "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToList();

        Assert.Equal(
            ["agents", "cost", "overview", "quality", "streams"],
            Directory.GetFiles(DashboardsDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        Assert.Equal(dashboards.Count, dashboards.Select(d => d.GetProperty("uid").GetString()).Distinct().Count());
        Assert.Equal(dashboards.Count, dashboards.Select(d => d.GetProperty("title").GetString()).Distinct().Count());
    }

    [Fact]
    public void Every_panel_has_a_unique_id_and_every_query_uses_the_datasource_variable()
    {
        foreach (var file in Directory.GetFiles(DashboardsDirectory, "*.json"))
        {
            var dashboard = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            var panels = MonitoringFiles.Panels(dashboard).ToList();
            Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
            Assert.Contains(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray(), v => v.GetProperty("name").GetString() == "datasource");
            foreach (var panel in panels.Where(p => p.TryGetProperty("targets", out _)))
            {
                Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString())));
            }
        }
    }

    [Fact]
    public void Dashboard_queries_read_only_known_variables()
    {
        var queries = MonitoringFiles.DashboardQueries(Repository.Root);

        Assert.True(queries.Count >= 30, $"{queries.Count} queries");
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Expr));
    }

    [Fact]
    public void Provisioning_files_point_Grafana_at_Prometheus_and_the_dashboards_folder()
    {
        var datasource = Yaml(Path.Combine(Repository.Root, "monitoring", "grafana", "provisioning", "datasources", "prometheus.yml"));
        var first = (YamlMappingNode)((YamlSequenceNode)datasource["datasources"])[0];
        Assert.Equal("prometheus", ((YamlScalarNode)first["type"]).Value);

        var provider = (YamlMappingNode)((YamlSequenceNode)Yaml(Path.Combine(Repository.Root, "monitoring", "grafana", "provisioning", "dashboards", "switchboard.yml"))["providers"])[0];
        Assert.Equal("file", ((YamlScalarNode)provider["type"]).Value);
        Assert.NotEmpty(((YamlScalarNode)((YamlMappingNode)provider["options"])["path"]).Value!);
    }

    private static YamlMappingNode Yaml(string path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
