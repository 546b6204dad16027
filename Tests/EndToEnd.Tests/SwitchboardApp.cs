using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<SwitchboardApp>
{
    public const string Name = "switchboard-app";
}

/// <summary>
/// The whole stack as the AppHost describes it (AppHost/AppHost.cs is the one description of what runs), started with
/// Aspire.Hosting.Testing: Debian's redis-server, the agents, the sample APIs, the Workflows service and the Gateway, as
/// real processes under DCP. An app start costs ~20 s here, so one app serves a whole test collection: this class for
/// the default, a derived one per parameter set (store, replicas, model provider) or per service settings a collection
/// needs. Ports are picked by Aspire, every data file is in a temp folder, the secrets are made for this run (given as
/// parameters, so the tests know them and nothing is persisted in the AppHost's user secrets). The samples are not
/// ingested by the AppHost: the tests upload them through the Gateway (<see cref="EnsureSamplesIngestedAsync"/>), which
/// is what they test.
/// </summary>
public class SwitchboardApp : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);
    private static readonly string[] Projects = ["gateway", AgentNames.Router, AgentNames.Retrieval, AgentNames.Compliance, AgentNames.Reporting, "risk", "workflows", "fxrates", "holidays", "orderstatus"];

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _output = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sb-e2e-app-").FullName;
    private readonly Dictionary<string, AppService> _services = [];
    private readonly DocumentUploads _documents;
    private bool _disposed;

    public SwitchboardApp()
    {
        RepositoryRoot = Metadata("RepositoryRoot");
        _documents = new DocumentUploads(() => Http, Diagnostics);
    }

    public DistributedApplication App { get; private set; } = null!;

    public string RepositoryRoot { get; }

    public string SamplesDirectory => Path.Combine(RepositoryRoot, "samples");

    /// <summary>Every service's output goes here (inside the test output folder) for diagnosis.</summary>
    public string LogDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "e2e-logs");

    /// <summary>The key every call between the services is signed with (the AppHost's <c>service-auth-key</c>).</summary>
    public string ServiceKey { get; } = Secret();

    /// <summary>The order-status API's key for this run (<c>orders-api-key</c>).</summary>
    public string OrdersKey { get; } = Secret();

    public AppService Gateway => Service("gateway");

    public AppService Router => Service(AgentNames.Router);

    public AppService Compliance => Service(AgentNames.Compliance);

    public AppService Reporting => Service(AgentNames.Reporting);

    public AppService Risk => Service("risk");

    public AppService Workflows => Service("workflows");

    public AppService FxRates => Service("fxrates");

    public AppService Holidays => Service("holidays");

    public AppService Orders => Service("orderstatus");

    /// <summary>The first RetrievalAgent replica.</summary>
    public AppService Retrieval => RetrievalReplicas[0];

    /// <summary>Every RetrievalAgent replica (<see cref="ReplicaCount"/>); they share one store file and one consumer group.</summary>
    public List<AppService> RetrievalReplicas { get; } = [];

    /// <summary>The agents behind the Gateway by name (retrieval = its first replica).</summary>
    public IReadOnlyDictionary<string, AppService> Agents => new Dictionary<string, AppService>
    {
        [AgentNames.Router] = Router,
        [AgentNames.Compliance] = Compliance,
        [AgentNames.Reporting] = Reporting,
        [AgentNames.Retrieval] = Retrieval,
    };

    /// <summary>A client for the Gateway's public API.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The <c>retrieval-replicas</c> parameter.</summary>
    protected virtual int ReplicaCount => 1;

    /// <summary>The <c>vector-store</c> parameter (<c>qdrant</c> needs a container engine).</summary>
    protected virtual string VectorStore => "embedded";

    /// <summary>The <c>chat-provider</c> parameter (Extractive: no model).</summary>
    protected virtual string ChatProvider => "Extractive";

    /// <summary>Settings a derived app gives every service (environment variable names), e.g. a trace exporter.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>();

    /// <summary>Gateway settings a derived app adds (environment variable names).</summary>
    protected virtual IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>();

    /// <summary>Workflow service settings a derived app adds (environment variable names), e.g. its folders and schedules.</summary>
    protected virtual IReadOnlyDictionary<string, string?> WorkflowsSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "--Parameters:fixed-ports=false",
            "--Parameters:redis-mode=executable",
            $"--Parameters:data-dir={_dataDir}",
            $"--Parameters:vector-store={VectorStore}",
            $"--Parameters:retrieval-replicas={ReplicaCount}",
            $"--Parameters:chat-provider={ChatProvider}",
            "--Parameters:ingest-samples=false",
            "--Parameters:prometheus=off",
            $"--Parameters:service-auth-key={ServiceKey}",
            $"--Parameters:orders-api-key={OrdersKey}",
            $"--Parameters:redis-password={Secret()}",
            $"--Parameters:fxrates-api-key={Secret()}",
        ]);

        foreach (var name in Projects)
        {
            var project = builder.CreateResourceBuilder<ProjectResource>(name)
                // Production settings (no launch profile here): what a deployment runs, not the developer defaults.
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
                .WithEnvironment("DOTNET_ENVIRONMENT", "Production");
            Apply(project, ServiceSettings);
        }

        var gateway = builder.CreateResourceBuilder<ProjectResource>("gateway")
            // Longer than the 5 s default: on a loaded 2-core machine a question's review alone has taken over 5 s, and
            // these tests check answers, not latency (Gateway.Tests check the deadline itself).
            .WithEnvironment("Gateway__Deadline", "00:00:30");
        Apply(gateway, GatewaySettings);
        Apply(builder.CreateResourceBuilder<ProjectResource>("workflows"), WorkflowsSettings);

        App = await builder.BuildAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(StartTimeout);
        await App.StartAsync(timeout.Token);

        foreach (var name in Projects)
        {
            var instances = await WaitForInstancesAsync(name, name == AgentNames.Retrieval ? ReplicaCount : 1, timeout.Token);
            if (name == AgentNames.Retrieval)
            {
                RetrievalReplicas.AddRange(instances);
            }
            else
            {
                _services[name] = instances[0];
            }
        }

        CollectOutput(RetrievalReplicas.Concat(_services.Values).Select(s => s.ResourceId).Append("redis"));

        Http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public virtual async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await _stopping.CancelAsync();
        WriteLogs();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Starts a killed instance again (DCP's start command) and returns it once healthy, in its place in the app.</summary>
    public async Task<AppService> RestartAsync(AppService old)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.ResourceNotifications.WaitForResourceAsync(old.Name, e => e.ResourceId == old.ResourceId && IsStopped(e.Snapshot), timeout.Token);
        var result = await commands.ExecuteCommandAsync(old.ResourceId, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"start {old.ResourceId}: {result.Message}");
        var service = await WaitForInstanceAsync(old.Name, old.ResourceId, timeout.Token);
        if (RetrievalReplicas.IndexOf(old) is >= 0 and var replica)
        {
            RetrievalReplicas[replica] = service;
        }
        else
        {
            _services[old.Name] = service;
        }

        return service;
    }

    /// <summary>Restarts replica <paramref name="index"/> after it was killed.</summary>
    public Task<AppService> RestartRetrievalAsync(int index) => RestartAsync(RetrievalReplicas[index]);

    /// <summary>The sample files: everything in samples/ but its README and questions.json.</summary>
    public IReadOnlyList<string> SampleFiles() => _documents.SampleFiles(SamplesDirectory);

    /// <summary>Uploads every sample through <c>POST /v1/documents</c> (once per app) and waits until each is ready or failed.</summary>
    public Task<IReadOnlyList<UploadedSample>> EnsureSamplesIngestedAsync() => _documents.EnsureSamplesIngestedAsync(SampleFiles());

    /// <summary><c>POST /v1/documents</c> with one multipart field <c>file</c>.</summary>
    public Task<HttpResponseMessage> UploadAsync(string fileName, byte[] content, string? contentType = null) =>
        _documents.UploadAsync(fileName, content, contentType);

    /// <summary>Polls <c>GET /v1/documents/{id}</c> until the document is ready or failed.</summary>
    public Task<Switchboard.AgentCore.Contracts.DocumentInfo> WaitForIngestionAsync(string id) => _documents.WaitForIngestionAsync(id);

    public Task<IReadOnlyList<Switchboard.AgentCore.Contracts.DocumentInfo>> ListDocumentsAsync() => _documents.ListAsync();

    public static string ContentTypeOf(string fileName) => DocumentUploads.ContentTypeOf(fileName);

    /// <summary>The last output lines of every instance, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var (id, lines) in _output.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var state = App?.ResourceNotifications.TryGetCurrentState(id, out var e) == true ? e.Snapshot.State?.Text : "?";
            text.Append("----- ").Append(id).Append(" (").Append(state).Append(") last output (full log: ")
                .Append(Path.Combine(LogDirectory, id + ".log")).AppendLine(")");
            foreach (var line in lines.TakeLast(25))
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    private static void Apply(IResourceBuilder<ProjectResource> project, IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            project.WithEnvironment(context =>
            {
                if (value is null)
                {
                    context.EnvironmentVariables.Remove(key);
                }
                else
                {
                    context.EnvironmentVariables[key] = value;
                }
            });
        }
    }

    private AppService Service(string name) => _services[name];

    /// <summary>
    /// Waits until <paramref name="count"/> instances of a resource (its replicas, each with its own DCP name) are running
    /// and healthy, and reads their own addresses.
    /// </summary>
    private async Task<List<AppService>> WaitForInstancesAsync(string name, int count, CancellationToken cancellationToken)
    {
        var healthy = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var e in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (e.Resource.Name != name)
            {
                continue;
            }

            if (IsHealthy(e.Snapshot))
            {
                healthy[e.ResourceId] = e.Snapshot;
            }
            else
            {
                healthy.Remove(e.ResourceId);
            }

            if (healthy.Count == count)
            {
                break;
            }
        }

        return healthy.OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => new AppService(name, h.Key, InstanceAddress(name, h.Value), ServiceKey, ProcessIdOf))
            .ToList();
    }

    /// <summary>
    /// Waits until a restarted instance answers <c>/health</c> where its current snapshot says it listens: a replica gets a
    /// new port from DCP, and the first snapshots after the start command may still carry the old process's health and
    /// environment.
    /// </summary>
    private async Task<AppService> WaitForInstanceAsync(string name, string id, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (App.ResourceNotifications.TryGetCurrentState(id, out var current) && IsHealthy(current.Snapshot) && AppService.ProcessIdOf(current.Snapshot) is not null)
            {
                var address = InstanceAddress(name, current.Snapshot);
                try
                {
                    using var health = await http.GetAsync(new Uri(address, "/health"), cancellationToken);
                    if (health.IsSuccessStatusCode)
                    {
                        return new AppService(name, id, address, ServiceKey, ProcessIdOf);
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static bool IsHealthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    private int? ProcessIdOf(string id) =>
        App.ResourceNotifications.TryGetCurrentState(id, out var e) ? AppService.ProcessIdOf(e.Snapshot) : null;

    /// <summary>
    /// A single instance listens on its endpoint itself (no proxy, AppHost ServiceResourceExtensions.AsService); each
    /// replica listens on the port DCP gave it, which its effective environment says (<c>HTTP_PORTS</c>), behind the proxy.
    /// </summary>
    private Uri InstanceAddress(string name, CustomResourceSnapshot snapshot)
    {
        var endpoint = App.GetEndpoint(name, "http");
        if (name != AgentNames.Retrieval || ReplicaCount == 1)
        {
            return new Uri(endpoint.GetLeftPart(UriPartial.Authority));
        }

        var environment = snapshot.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value);
        var port = environment.GetValueOrDefault("ASPNETCORE_URLS") is { Length: > 0 } urls
            ? new Uri(urls.Split(';')[0].Replace("+", "localhost", StringComparison.Ordinal).Replace("*", "localhost", StringComparison.Ordinal)).Port
            : environment.GetValueOrDefault("HTTP_PORTS") is { Length: > 0 } ports
                ? int.Parse(ports.Split(';')[0], System.Globalization.CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"{name}: neither ASPNETCORE_URLS nor HTTP_PORTS in the replica's environment ({string.Join(", ", environment.Keys)}).");
        return new UriBuilder(endpoint) { Port = port, Path = "" }.Uri;
    }

    private static bool IsStopped(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart);

    /// <summary>Keeps each instance's output (the last lines in memory for <see cref="Diagnostics"/>, all of it for the log files).</summary>
    private void CollectOutput(IEnumerable<string> resourceIds)
    {
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var id in resourceIds)
        {
            var lines = _output.GetOrAdd(id, _ => new ConcurrentQueue<string>());
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in logs.WatchAsync(id).WithCancellation(_stopping.Token))
                    {
                        foreach (var line in batch)
                        {
                            lines.Enqueue(line.Content);
                            while (lines.Count > 2000 && lines.TryDequeue(out _))
                            {
                            }
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }
    }

    private void WriteLogs()
    {
        try
        {
            Directory.CreateDirectory(LogDirectory);
            foreach (var (id, lines) in _output)
            {
                File.WriteAllLines(Path.Combine(LogDirectory, id + ".log"), lines);
            }
        }
        catch (IOException)
        {
        }
    }

    private static string Secret() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    protected static string Metadata(string key) =>
        typeof(SwitchboardApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (see EndToEnd.Tests.csproj).");
}
