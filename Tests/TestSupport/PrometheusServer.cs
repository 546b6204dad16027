using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Switchboard.Tests.Support;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package) on a free loopback port, scraping the given targets every
/// second and evaluating the given rule files every second, with its TSDB in a temporary folder. Queries go through its
/// HTTP API. Fails with an install hint when the binary is missing.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly HttpToolProcess _process;
    private readonly string _dataDir;

    private PrometheusServer(HttpToolProcess process, string dataDir, Uri baseAddress)
    {
        _process = process;
        _dataDir = dataDir;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public HttpClient Http => _process.Http;

    public string Output => _process.Output;

    /// <summary>The path of a Prometheus tool (<c>prometheus</c>, <c>promtool</c>), or null when it is not installed.</summary>
    public static string? Find(string tool) =>
        new[] { "/usr/bin", "/usr/local/bin" }.Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists)
        ?? Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    /// <param name="targets">Scrape job name → the <c>host:port</c> of each instance (scraped at <c>/metrics</c>).</param>
    /// <param name="ruleFiles">Rule files to load and evaluate (absolute paths).</param>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> targets, IReadOnlyList<string> ruleFiles)
    {
        var binary = Find("prometheus") ?? throw new InvalidOperationException("prometheus is not installed: apt-get install -y prometheus");
        var dataDir = Directory.CreateTempSubdirectory("sb-prometheus-").FullName;
        var config = new StringBuilder()
            .AppendLine("global:")
            .AppendLine("  scrape_interval: 1s")
            .AppendLine("  evaluation_interval: 1s")
            .AppendLine("rule_files:");
        foreach (var file in ruleFiles)
        {
            config.Append("  - ").AppendLine(JsonSerializer.Serialize(file));
        }

        config.AppendLine("scrape_configs:");
        foreach (var (job, instances) in targets)
        {
            config.Append("  - job_name: ").AppendLine(JsonSerializer.Serialize(job))
                .AppendLine("    static_configs:")
                .Append("      - targets: ").AppendLine(JsonSerializer.Serialize(instances));
        }

        var configPath = Path.Combine(dataDir, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config.ToString());

        var port = FreePort.Next();
        var psi = new ProcessStartInfo(binary) { WorkingDirectory = dataDir };
        foreach (var arg in new[]
                 {
                     $"--config.file={configPath}", $"--storage.tsdb.path={Path.Combine(dataDir, "tsdb")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            return new PrometheusServer(
                await HttpToolProcess.StartAsync("Prometheus", psi, baseAddress, "/-/ready", TimeSpan.FromSeconds(30)), dataDir, baseAddress);
        }
        catch
        {
            DeleteDataDir(dataDir);
            throw;
        }
    }

    /// <summary>An instant query (<c>/api/v1/query</c>): the JSON <c>data</c> on success, else the error Prometheus gave.</summary>
    public async Task<PrometheusResult> QueryAsync(string expression)
    {
        using var response = await Http.PostAsync("/api/v1/query", new FormUrlEncodedContent([new("query", expression)]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            return new PrometheusResult(false, body.TryGetProperty("error", out var error) ? error.GetString() : body.ToString(), 0);
        }

        var result = body.GetProperty("data").GetProperty("result");
        var count = result.ValueKind == JsonValueKind.Array ? result.GetArrayLength() : 1;
        return new PrometheusResult(true, null, count);
    }

    /// <summary>Every metric name Prometheus holds (scraped or recorded).</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync()
    {
        var body = await Http.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values");
        return body.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The scrape targets and their health (<c>/api/v1/targets</c>): job, health, last error.</summary>
    public async Task<IReadOnlyList<(string Job, string Health, string? Error)>> TargetsAsync()
    {
        var body = await Http.GetFromJsonAsync<JsonElement>("/api/v1/targets");
        return body.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        DeleteDataDir(_dataDir);
    }

    private static void DeleteDataDir(string dataDir)
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The outcome of one PromQL query: whether it parsed and ran, its error, and how many series (or 1 for a scalar) it returned.</summary>
public sealed record PrometheusResult(bool Success, string? Error, int SeriesCount);
