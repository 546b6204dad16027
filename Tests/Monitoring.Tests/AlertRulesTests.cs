using Switchboard.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Monitoring.Tests;

/// <summary>
/// The Prometheus rules in monitoring/prometheus/rules, checked by a real promtool: they load, every alert's unit
/// tests pass, and every alert has a case where it fires and a later one where it has resolved.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly string RulesDirectory = MonitoringFiles.RulesDirectory(Repository.Root);
    private static readonly string TestsDirectory = MonitoringFiles.RuleTestsDirectory(Repository.Root);

    /// <summary>The SOP's rollback triggers, each an alert with a live metric (docs/metrics.md).</summary>
    private static readonly string[] RollbackTriggers =
        ["AskLatencyP95Over5s", "DailyCostOverBudget", "RetrievalAccuracyBelow70Percent", "HallucinationOver10Percent", "UserSatisfactionBelow3"];

    [Fact]
    public async Task Promtool_accepts_every_rule_file()
    {
        var (exitCode, output) = await Promtool.RunAsync(RulesDirectory, ["check", "rules", .. MonitoringFiles.RuleFiles(Repository.Root)]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task Promtool_unit_tests_of_the_rules_pass()
    {
        var files = Directory.GetFiles(TestsDirectory, "*.yml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);

        var (exitCode, output) = await Promtool.RunAsync(TestsDirectory, ["test", "rules", .. files]);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("FAILED", output);
    }

    [Fact]
    public async Task The_example_scrape_configuration_is_valid()
    {
        var (exitCode, output) = await Promtool.RunAsync(Path.Combine(Repository.Root, "monitoring", "prometheus"), "check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Every_alert_has_a_duration_a_severity_a_summary_and_a_runbook()
    {
        var alerts = MonitoringFiles.Rules(Repository.Root).Where(r => r.Alert is not null).ToList();
        Assert.NotEmpty(alerts);

        Assert.All(alerts, alert =>
        {
            Assert.False(string.IsNullOrWhiteSpace(alert.For), $"{alert.Alert} has no 'for:'");
            Assert.Contains(alert.Labels.GetValueOrDefault("severity"), new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), $"{alert.Alert} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("runbook")), $"{alert.Alert} has no runbook");
            Assert.True(MonitoringFiles.MeasuredQuantity(alert.Expr) is not null,
                $"{alert.Alert}: '{alert.Expr}' is not '<quantity> <comparison> <number>', so its quantity cannot be checked against the services");
        });
    }

    [Fact]
    public void The_SOP_rollback_triggers_are_alerts()
    {
        var alerts = MonitoringFiles.Rules(Repository.Root).Where(r => r.Alert is not null).ToDictionary(r => r.Alert!);

        Assert.All(RollbackTriggers, name =>
        {
            Assert.True(alerts.TryGetValue(name, out var alert), $"{name} is missing");
            Assert.Equal("rollback-trigger", alert!.Labels.GetValueOrDefault("sop"));
        });
    }

    [Fact]
    public void Every_alert_has_a_unit_test_where_it_fires_and_a_later_one_where_it_resolved()
    {
        var cases = AlertTestCases().ToList();
        var alerts = MonitoringFiles.Rules(Repository.Root).Where(r => r.Alert is not null).Select(r => r.Alert!).ToList();

        Assert.All(alerts, alert =>
        {
            var own = cases.Where(c => c.Alert == alert).ToList();
            var firing = own.Where(c => c.Fires).Select(c => c.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            Assert.True(firing != TimeSpan.MaxValue, $"{alert}: no promtool case where it fires");
            Assert.True(own.Any(c => !c.Fires && c.At > firing), $"{alert}: no promtool case after it fired where it has resolved");
            Assert.True(own.Any(c => !c.Fires && c.At < firing), $"{alert}: no promtool case before it fires (it must not fire on the first sample)");
        });
    }

    private static IEnumerable<(string Alert, TimeSpan At, bool Fires)> AlertTestCases()
    {
        foreach (var file in Directory.GetFiles(TestsDirectory, "*.yml"))
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(file)));
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            foreach (YamlMappingNode test in (YamlSequenceNode)root["tests"])
            {
                if (!test.Children.TryGetValue(new YamlScalarNode("alert_rule_test"), out var alertTests))
                {
                    continue;
                }

                foreach (YamlMappingNode alertTest in (YamlSequenceNode)alertTests)
                {
                    var expected = (YamlSequenceNode)alertTest["exp_alerts"];
                    yield return (((YamlScalarNode)alertTest["alertname"]).Value!, Duration(((YamlScalarNode)alertTest["eval_time"]).Value!), expected.Children.Count > 0);
                }
            }
        }
    }

    /// <summary>A Prometheus duration such as 90m, 26h or 1d.</summary>
    private static TimeSpan Duration(string text)
    {
        var value = double.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            'd' => TimeSpan.FromDays(value),
            _ => throw new FormatException($"Unknown duration '{text}'"),
        };
    }
}
