using System.Globalization;

namespace Switchboard.Load.Monitoring;

/// <summary>
/// The .NET runtime counters of one service at one moment, from its Prometheus <c>/metrics</c> (the System.Runtime meter
/// that OpenTelemetry.Instrumentation.Runtime exports): bytes allocated on the managed heap since start, garbage
/// collections per generation, and the time paused in GC.
/// </summary>
public sealed record RuntimeCounters(double AllocatedBytes, double Gen0, double Gen1, double Gen2, double GcPauseSeconds)
{
    public const string AllocatedMetric = "dotnet_gc_heap_total_allocated_bytes_total";
    public const string CollectionsMetric = "dotnet_gc_collections_total";
    public const string PauseMetric = "dotnet_gc_pause_time_seconds_total";

    /// <summary>The counters from a Prometheus text exposition, or null when it has no allocated-bytes counter.</summary>
    public static RuntimeCounters? Parse(string text)
    {
        double? allocated = null;
        double gen0 = 0, gen1 = 0, gen2 = 0, pause = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var name = line[..Math.Max(0, line.IndexOfAny(['{', ' ']))];
            if (name is not (AllocatedMetric or CollectionsMetric or PauseMetric) || Value(line) is not { } value)
            {
                continue;
            }

            switch (name)
            {
                case AllocatedMetric:
                    allocated = (allocated ?? 0) + value;
                    break;
                case PauseMetric:
                    pause += value;
                    break;
                case CollectionsMetric when line.Contains("gc_heap_generation=\"gen0\"", StringComparison.Ordinal):
                    gen0 += value;
                    break;
                case CollectionsMetric when line.Contains("gc_heap_generation=\"gen1\"", StringComparison.Ordinal):
                    gen1 += value;
                    break;
                case CollectionsMetric when line.Contains("gc_heap_generation=\"gen2\"", StringComparison.Ordinal):
                    gen2 += value;
                    break;
            }
        }

        return allocated is { } bytes ? new RuntimeCounters(bytes, gen0, gen1, gen2, pause) : null;
    }

    /// <summary>The sample value: the field after the labels (an optional timestamp may follow it).</summary>
    private static double? Value(string line)
    {
        var end = line.LastIndexOf('}');
        var fields = line[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (end < 0)
        {
            fields = fields.Skip(1).ToArray();
        }

        return fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}

/// <summary>What one service allocated and collected during one phase, and the allocation per request.</summary>
/// <param name="KbPerAnswered">All of the service's managed allocation in the phase divided by the phase's answered questions.</param>
/// <param name="KbPerOk">The same divided by every 200 response (answered, not_found, refused).</param>
public sealed record ServiceAllocation(string Name, double AllocatedMb, double? KbPerAnswered, double? KbPerOk, long Gen0, long Gen1, long Gen2, double GcPauseMs)
{
    public static IReadOnlyList<ServiceAllocation> Between(RuntimeSnapshot before, RuntimeSnapshot after, int answered, int ok)
    {
        var result = new List<ServiceAllocation>();
        foreach (var (name, start) in before.Services)
        {
            // A restarted service (counters went down) or a failed scrape gives no figure rather than a wrong one.
            if (start is null || after.Services.GetValueOrDefault(name) is not { } end || end.AllocatedBytes < start.AllocatedBytes)
            {
                continue;
            }

            var bytes = end.AllocatedBytes - start.AllocatedBytes;
            result.Add(new ServiceAllocation(name, Math.Round(bytes / 1024 / 1024, 1),
                answered > 0 ? Math.Round(bytes / 1024 / answered, 1) : null,
                ok > 0 ? Math.Round(bytes / 1024 / ok, 1) : null,
                (long)(end.Gen0 - start.Gen0), (long)(end.Gen1 - start.Gen1), (long)(end.Gen2 - start.Gen2),
                Math.Round((end.GcPauseSeconds - start.GcPauseSeconds) * 1000, 1)));
        }

        return result;
    }
}

/// <summary>The runtime counters of every scraped service at one moment (null for a service whose scrape failed).</summary>
public sealed record RuntimeSnapshot(IReadOnlyDictionary<string, RuntimeCounters?> Services);

/// <summary>Reads <c>/metrics</c> of every .NET service of the stack (loopback, its own small connection pool).</summary>
public sealed class RuntimeMetricsScraper(IReadOnlyList<(string Name, Uri Metrics)> services) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 2, UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public IReadOnlyList<(string Name, Uri Metrics)> Services => services;

    /// <summary>The stack's .NET services (not Redis) among the found processes, at the Gateway's host and each one's port.</summary>
    public static RuntimeMetricsScraper For(IReadOnlyList<ServiceProcess> processes, Uri gateway) =>
        new(processes.Where(p => p.Port > 0 && p.Name != "redis")
            .Select(p => (p.Name, new UriBuilder(gateway.Scheme, gateway.Host, p.Port, "/metrics").Uri)).ToList());

    public async Task<RuntimeSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var reads = services.Select(async s =>
        {
            try
            {
                return (s.Name, RuntimeCounters.Parse(await _http.GetStringAsync(s.Metrics, cancellationToken)));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (s.Name, (RuntimeCounters?)null);
            }
        }).ToList();
        var results = await Task.WhenAll(reads);
        return new RuntimeSnapshot(results.ToDictionary(r => r.Name, r => r.Item2, StringComparer.Ordinal));
    }

    public void Dispose() => _http.Dispose();
}
