using Switchboard.Tests.Support;

namespace Switchboard.Evaluation.Compare;

/// <summary>
/// A whole embedded stack started by the harness, like Tests/EndToEnd.Tests' SwitchboardStack: its own redis-server on a
/// free port, the four agents, then the Gateway, each a real process from its build output with the keys Aspire would
/// inject, every data file in a temp folder. Retrieval settings (e.g. <c>Retrieval__Search__Mode</c>) go to the
/// RetrievalAgent only, Gateway settings (e.g. <c>Auth__Jwt__*</c>) to the Gateway only.
/// </summary>
public sealed class LaunchedStack : IAsyncDisposable
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(3);

    private readonly List<ServiceProcess> _services = [];
    private readonly RedisServerFixture _redis = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sb-eval-").FullName;

    private LaunchedStack(string name) => Name = name;

    public string Name { get; }

    public Uri Gateway { get; private set; } = null!;

    public Uri Retrieval { get; private set; } = null!;

    public static async Task<LaunchedStack> StartAsync(
        string name, ServiceBuild build, IReadOnlyDictionary<string, string?> retrievalSettings, string logDirectory, TextWriter log,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? gatewaySettings = null)
    {
        var stack = new LaunchedStack(name);
        try
        {
            await stack.StartAsync(build, retrievalSettings, gatewaySettings ?? new Dictionary<string, string?>(), Path.Combine(logDirectory, name), log, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(
        ServiceBuild build, IReadOnlyDictionary<string, string?> retrievalSettings, IReadOnlyDictionary<string, string?> gatewaySettings,
        string logDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"[{Name}] starting redis-server and the five services (logs: {logDirectory})");
        await _redis.InitializeAsync();
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings__redis"] = _redis.ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };

        var retrieval = new Dictionary<string, string?>(common)
        {
            ["Retrieval__DatabasePath"] = Path.Combine(_dataDir, "retrieval", "retrieval.db"),
        };
        foreach (var (key, value) in retrievalSettings)
        {
            retrieval[key] = value;
        }

        var agents = await Task.WhenAll(
            StartAsync(build, "RouterAgent", "router", common, logDirectory, cancellationToken),
            StartAsync(build, "RetrievalAgent", "retrieval", retrieval, logDirectory, cancellationToken),
            StartAsync(build, "ComplianceAgent", "compliance", common, logDirectory, cancellationToken),
            StartAsync(build, "ReportingAgent", "reporting", common, logDirectory, cancellationToken));
        Retrieval = agents[1].BaseAddress;

        var gatewayEnvironment = new Dictionary<string, string?>(common)
        {
            // The harness measures answers and their latency: a slow answer must be measured, not cut off by the 5 s
            // default request deadline (a gatewaySettings entry can still set Gateway__Deadline).
            ["Gateway__Deadline"] = "00:00:30",
            ["services__router__http__0"] = Url(agents[0]),
            ["services__retrieval__http__0"] = Url(agents[1]),
            ["services__compliance__http__0"] = Url(agents[2]),
            ["services__reporting__http__0"] = Url(agents[3]),
        };
        foreach (var (key, value) in gatewaySettings)
        {
            gatewayEnvironment[key] = value;
        }

        var gateway = await StartAsync(build, "Gateway", "gateway", gatewayEnvironment, logDirectory, cancellationToken);
        Gateway = gateway.BaseAddress;
        log.WriteLine($"[{Name}] gateway {Gateway}, retrieval {Retrieval}");
    }

    public async ValueTask DisposeAsync()
    {
        // The Gateway first (it calls the others), then the agents, then Redis.
        foreach (var gateway in _services.Where(s => s.Name == "gateway"))
        {
            await gateway.DisposeAsync();
        }

        await Task.WhenAll(_services.Where(s => s.Name != "gateway").Select(s => s.DisposeAsync().AsTask()));
        await _redis.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<ServiceProcess> StartAsync(
        ServiceBuild build, string project, string name, IReadOnlyDictionary<string, string?> environment, string logDirectory,
        CancellationToken cancellationToken)
    {
        var service = await ServiceProcess.StartAsync(
            name, build.DllOf(project), environment, HealthTimeout, Path.Combine(logDirectory, name + ".log"), cancellationToken: cancellationToken);
        lock (_services)
        {
            _services.Add(service);
        }

        return service;
    }

    private static string Url(ServiceProcess service) => service.BaseAddress.ToString().TrimEnd('/');
}
