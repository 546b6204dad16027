using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Tests.Support;

/// <summary>
/// Reads what <c>monitoring/</c> holds: the Prometheus rules (recording and alerting) and every query of the Grafana
/// dashboards, so tests can check them with promtool and run them against a real Prometheus.
/// </summary>
public static partial class MonitoringFiles
{
    /// <summary>The value each Grafana variable is given when a dashboard query runs outside Grafana.</summary>
    public static readonly IReadOnlyDictionary<string, string> GrafanaVariables = new Dictionary<string, string>
    {
        ["$__rate_interval"] = "1m",
        ["$__interval"] = "15s",
        ["$__range"] = "1h",
        ["$job"] = ".+",
    };

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "count", "topk", "bottomk", "quantile", "stddev", "by", "without", "on", "ignoring",
        "group_left", "group_right", "and", "or", "unless", "bool", "offset", "rate", "irate", "increase", "delta", "idelta",
        "deriv", "histogram_quantile", "vector", "scalar", "time", "abs", "clamp_min", "clamp_max", "label_replace",
        "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time", "quantile_over_time",
        "last_over_time", "round", "ceil", "floor", "absent", "changes", "resets", "sort", "sort_desc", "e", "inf", "nan",
    };

    public static string RulesDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, "monitoring", "prometheus", "rules");

    public static string RuleTestsDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, "monitoring", "prometheus", "tests");

    public static string DashboardsDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, "monitoring", "grafana", "dashboards");

    public static IReadOnlyList<string> RuleFiles(string repositoryRoot) =>
        Directory.GetFiles(RulesDirectory(repositoryRoot), "*.yml").Order(StringComparer.Ordinal).ToList();

    /// <summary>Every recording and alerting rule of every rule file.</summary>
    public static IReadOnlyList<PrometheusRule> Rules(string repositoryRoot)
    {
        var rules = new List<PrometheusRule>();
        foreach (var file in RuleFiles(repositoryRoot))
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(file)));
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            foreach (YamlMappingNode group in (YamlSequenceNode)root["groups"])
            {
                foreach (YamlMappingNode rule in (YamlSequenceNode)group["rules"])
                {
                    rules.Add(new PrometheusRule(
                        Path.GetFileName(file),
                        Scalar(group, "name")!,
                        Scalar(rule, "record"),
                        Scalar(rule, "alert"),
                        Scalar(rule, "expr")!.Trim(),
                        Scalar(rule, "for"),
                        Map(rule, "labels"),
                        Map(rule, "annotations")));
                }
            }
        }

        return rules;
    }

    /// <summary>Every query of every panel of every dashboard, as Grafana would send it (see <see cref="GrafanaVariables"/>).</summary>
    public static IReadOnlyList<DashboardQuery> DashboardQueries(string repositoryRoot)
    {
        var queries = new List<DashboardQuery>();
        foreach (var file in Directory.GetFiles(DashboardsDirectory(repositoryRoot), "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in Panels(document.RootElement))
            {
                if (!panel.TryGetProperty("targets", out var targets))
                {
                    continue;
                }

                foreach (var target in targets.EnumerateArray())
                {
                    var expr = target.GetProperty("expr").GetString()!;
                    queries.Add(new DashboardQuery(Path.GetFileName(file), panel.GetProperty("title").GetString()!, expr, WithVariables(expr)));
                }
            }
        }

        return queries;
    }

    /// <summary>Panels, including those nested in rows.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    public static string WithVariables(string expr) =>
        GrafanaVariables.OrderByDescending(v => v.Key.Length).Aggregate(expr, (e, v) => e.Replace(v.Key, v.Value, StringComparison.Ordinal));

    /// <summary>
    /// The measured quantity of an alert written as <c>&lt;quantity&gt; &lt;comparison&gt; &lt;number&gt;</c> (the rules'
    /// convention), or null when the expression does not follow it.
    /// </summary>
    public static string? MeasuredQuantity(string alertExpr)
    {
        var match = ThresholdComparison().Match(alertExpr);
        return match.Success ? match.Groups["quantity"].Value.Trim() : null;
    }

    /// <summary>The metric names (scraped or recorded) an expression reads.</summary>
    public static IReadOnlySet<string> MetricNames(string expr)
    {
        var text = StringLiteral().Replace(expr, " ");
        text = LabelMatchers().Replace(text, " ");
        text = RangeOrOffset().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifier().Matches(text).Select(m => m.Value)
            .Where(name => !PromQlWords.Contains(name) && !double.TryParse(name, out _))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? "")
            : new Dictionary<string, string>();

    [GeneratedRegex(@"^(?<quantity>.*\S)\s*(>=|<=|==|!=|>|<)\s*-?[0-9.]+(e-?[0-9]+)?\s*$", RegexOptions.Singleline)]
    private static partial Regex ThresholdComparison();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrOffset();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}

/// <summary>One rule: a recording rule has <see cref="Record"/>, an alert <see cref="Alert"/>.</summary>
public sealed record PrometheusRule(
    string File,
    string Group,
    string? Record,
    string? Alert,
    string Expr,
    string? For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public string Name => Record ?? Alert!;
}

/// <summary>One query of one dashboard panel; <see cref="Expr"/> with Grafana's variables given values.</summary>
public sealed record DashboardQuery(string Dashboard, string Panel, string RawExpr, string Expr);
