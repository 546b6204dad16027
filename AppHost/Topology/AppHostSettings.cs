using Microsoft.Extensions.Configuration;

namespace Switchboard.AppHost.Topology;

/// <summary>
/// The choices that shape the topology, read once from the AppHost's parameters (<c>Parameters:&lt;name&gt;</c>, the
/// section Aspire parameters come from: <c>--Parameters:retrieval-replicas=2</c> on the command line, user secrets or
/// appsettings). They decide which resources exist, so they are read when the model is built; every wrong value
/// stops the AppHost with one sentence naming the parameter and what it accepts (<see cref="AppHostSettingsException"/>).
/// </summary>
public sealed record AppHostSettings(
    RedisMode Redis,
    VectorStore VectorStore,
    int RetrievalReplicas,
    string ChatProvider,
    string DataDirectory,
    bool IngestSamples,
    bool Prometheus,
    bool FixedPorts,
    double TraceSampling,
    int? MetricsExportSeconds)
{
    public const string RedisModeParameter = "redis-mode";
    public const string VectorStoreParameter = "vector-store";
    public const string RetrievalReplicasParameter = "retrieval-replicas";
    public const string ChatProviderParameter = "chat-provider";
    public const string DataDirectoryParameter = "data-dir";
    public const string IngestSamplesParameter = "ingest-samples";
    public const string PrometheusParameter = "prometheus";
    public const string FixedPortsParameter = "fixed-ports";
    public const string TraceSamplingParameter = "trace-sampling";
    public const string MetricsExportIntervalParameter = "metrics-export-interval";

    /// <summary>
    /// How often the services push metrics to the dashboard when running, unless the parameter says otherwise. Aspire's
    /// own default is every second: collecting and exporting every instrument each second was 5–8 % of each service's CPU
    /// under load (profiled, Tests/Load/RESULTS.md); every 5 s the dashboard's charts still move, and Prometheus scrapes
    /// /metrics on its own schedule anyway.
    /// </summary>
    public const int RunModeMetricsExportSeconds = 5;

    public const int MaxRetrievalReplicas = 8;

    /// <summary>The chat providers AgentCore knows (AgentCore/AI/README.md); Extractive needs no model.</summary>
    public static readonly string[] ChatProviders = ["Extractive", "OpenAI", "AzureOpenAI", "Ollama", "Anthropic"];

    public static AppHostSettings Read(IConfiguration configuration, string repositoryRoot) => new(
        Redis: Choice(configuration, RedisModeParameter, "auto", Enum.GetNames<RedisMode>()) switch
        {
            "container" => RedisMode.Container,
            "executable" => RedisMode.Executable,
            _ => RedisMode.Auto,
        },
        VectorStore: Choice(configuration, VectorStoreParameter, "embedded", ["embedded", "qdrant"]) == "qdrant" ? VectorStore.Qdrant : VectorStore.Embedded,
        RetrievalReplicas: Number(configuration, RetrievalReplicasParameter, 1, 1, MaxRetrievalReplicas),
        ChatProvider: Choice(configuration, ChatProviderParameter, "Extractive", ChatProviders, ignoreCase: true, keepCase: true),
        DataDirectory: Path.GetFullPath(Value(configuration, DataDirectoryParameter) ?? Path.Combine(repositoryRoot, ".data")),
        IngestSamples: Flag(configuration, IngestSamplesParameter, true),
        Prometheus: Choice(configuration, PrometheusParameter, "auto", ["auto", "off"]) == "auto",
        FixedPorts: Flag(configuration, FixedPortsParameter, true),
        TraceSampling: Fraction(configuration, TraceSamplingParameter, 1.0),
        MetricsExportSeconds: Value(configuration, MetricsExportIntervalParameter) is null ? null : Number(configuration, MetricsExportIntervalParameter, RunModeMetricsExportSeconds, 1, 300));

    private static string? Value(IConfiguration configuration, string name) =>
        configuration[$"Parameters:{name}"] is { Length: > 0 } value ? value.Trim() : null;

    private static string Choice(IConfiguration configuration, string name, string fallback, string[] allowed, bool ignoreCase = true, bool keepCase = false)
    {
        var value = Value(configuration, name);
        if (value is null)
        {
            return fallback;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            ?? throw new AppHostSettingsException(
                $"Parameter '{name}' is '{value}', but it must be one of: {string.Join(", ", allowed.Select(a => a.ToLowerInvariant() == a || keepCase ? a : a.ToLowerInvariant()))} (set it with --Parameters:{name}=<value>).");
        return keepCase ? match : match.ToLowerInvariant();
    }

    private static int Number(IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var value = Value(configuration, name);
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new AppHostSettingsException(
                $"Parameter '{name}' is '{value}', but it must be a whole number from {min} to {max} (set it with --Parameters:{name}=<number>).");
    }

    private static double Fraction(IConfiguration configuration, string name, double fallback)
    {
        var value = Value(configuration, name);
        if (value is null)
        {
            return fallback;
        }

        return double.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var fraction) && fraction is >= 0 and <= 1
            ? fraction
            : throw new AppHostSettingsException(
                $"Parameter '{name}' is '{value}', but it must be a fraction from 0 to 1, e.g. 0.01 (set it with --Parameters:{name}=<fraction>).");
    }

    private static bool Flag(IConfiguration configuration, string name, bool fallback)
    {
        var value = Value(configuration, name);
        if (value is null)
        {
            return fallback;
        }

        return bool.TryParse(value, out var flag)
            ? flag
            : throw new AppHostSettingsException($"Parameter '{name}' is '{value}', but it must be true or false (set it with --Parameters:{name}=true|false).");
    }
}

public enum RedisMode
{
    /// <summary>The redis container when a container runtime answers, else Debian's redis-server as a process.</summary>
    Auto,
    Container,
    Executable,
}

public enum VectorStore
{
    /// <summary>The RetrievalAgent's own SQLite file and in-memory index, shared by its replicas.</summary>
    Embedded,

    /// <summary>A Qdrant container; needs a container runtime.</summary>
    Qdrant,
}

/// <summary>A setting the AppHost cannot run with; the message is the one sentence shown to the user.</summary>
public sealed class AppHostSettingsException(string message) : Exception(message);
