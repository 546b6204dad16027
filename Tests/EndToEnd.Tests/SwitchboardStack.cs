using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The hand-made launcher that remains, for <see cref="ReplicatedStack"/> only (see there why): a real
/// <c>redis-server</c> on a free port, the agents and then the Gateway, each started from its build output with the
/// configuration keys Aspire would inject, every port free-picked and every data file in a temp folder. Every other
/// collection runs on the AppHost (<see cref="SwitchboardApp"/>).
/// </summary>
public class SwitchboardStack : IAsyncLifetime
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromMinutes(3);

    private readonly SemaphoreSlim _ingestGate = new(1, 1);
    private readonly List<ServiceProcess> _services = [];
    private readonly Dictionary<ServiceProcess, (string Project, string Name, IReadOnlyDictionary<string, string?> Environment)> _launches = [];
    private IReadOnlyList<UploadedSample>? _samples;
    private string _dataDir = "";
    private bool _disposed;

    public SwitchboardStack()
    {
        RepositoryRoot = Metadata("RepositoryRoot");
        Configuration = Metadata("Configuration");
    }

    public string RepositoryRoot { get; }

    public string Configuration { get; }

    public string SamplesDirectory => Path.Combine(RepositoryRoot, "samples");

    /// <summary>Every service's full output goes here (inside the test output folder) for diagnosis.</summary>
    public string LogDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "e2e-logs");

    public RedisServerFixture Redis { get; } = new();

    public ServiceProcess Gateway { get; private set; } = null!;

    public ServiceProcess Router { get; private set; } = null!;

    /// <summary>The agents behind the Gateway by name (router, compliance, reporting, retrieval = its first replica).</summary>
    public IReadOnlyDictionary<string, ServiceProcess> Agents => new Dictionary<string, ServiceProcess>
    {
        [AgentNames.Router] = Router,
        [AgentNames.Compliance] = Compliance,
        [AgentNames.Reporting] = Reporting,
        [AgentNames.Retrieval] = Retrieval,
    };

    /// <summary>The first RetrievalAgent replica.</summary>
    public ServiceProcess Retrieval => RetrievalReplicas[0];

    /// <summary>Every RetrievalAgent replica (<see cref="ReplicaCount"/>); they share one store file and one consumer group.</summary>
    public List<ServiceProcess> RetrievalReplicas { get; } = [];

    /// <summary>How many RetrievalAgent replicas the stack runs behind the Gateway.</summary>
    protected virtual int ReplicaCount => 1;

    /// <summary>Settings a derived stack gives every service (environment variable names), e.g. a trace exporter.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>();

    /// <summary>Gateway settings a derived stack adds (environment variable names).</summary>
    protected virtual IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>();

    /// <summary>
    /// Workflow service settings (environment variable names); a derived stack that returns any gets the workflow service
    /// (Workflows/) after the Gateway, with the Gateway's <c>/v1/workflows</c> proxy pointing at it.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string?>? WorkflowsSettings => null;

    /// <summary>The workflow service, when <see cref="WorkflowsSettings"/> asked for it.</summary>
    public ServiceProcess? Workflows { get; private set; }

    private Dictionary<string, string?> _retrievalEnvironment = [];

    public ServiceProcess Compliance { get; private set; } = null!;

    public ServiceProcess Reporting { get; private set; } = null!;

    /// <summary>The RiskAgent, which scores every answer before the Gateway releases or holds it.</summary>
    public ServiceProcess Risk { get; private set; } = null!;

    /// <summary>The sample FX rates API (demo data) behind the RetrievalAgent's REST tool.</summary>
    public ServiceProcess FxRates { get; private set; } = null!;

    /// <summary>The sample holiday calendar API, registered as a tool through its OpenAPI document.</summary>
    public ServiceProcess Holidays { get; private set; } = null!;

    /// <summary>The sample order-status API (API key, pagination, rate limit), registered through its OpenAPI document.</summary>
    public ServiceProcess Orders { get; private set; } = null!;

    /// <summary>The order-status API's key for this run.</summary>
    public string OrdersKey { get; private set; } = "";

    /// <summary>A client for the Gateway's public API.</summary>
    public HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        try
        {
            await StartStackAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartStackAsync()
    {
        _dataDir = Directory.CreateTempSubdirectory("sb-e2e-").FullName;
        await Redis.InitializeAsync();

        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            // Production settings, whatever the test host's environment says.
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        foreach (var (key, value) in ServiceSettings)
        {
            common[key] = value;
        }

        // The sample FX API the RetrievalAgent's REST tool calls, with a key made for this run (as run.sh does).
        var fxKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        // And the two APIs registered through their OpenAPI documents (SampleApis/sample-apis.tools.json), side by side.
        var ordersKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var sampleApis = await Task.WhenAll(
            StartAsync("SampleApis/FxRates", "fxrates", new Dictionary<string, string?>(common) { ["FxRates__ApiKey"] = fxKey }),
            StartAsync("SampleApis/Holidays", "holidays", new Dictionary<string, string?>(common)),
            StartAsync("SampleApis/OrderStatus", "orderstatus", new Dictionary<string, string?>(common) { ["Orders__ApiKey"] = ordersKey }));
        (FxRates, Holidays, Orders, OrdersKey) = (sampleApis[0], sampleApis[1], sampleApis[2], ordersKey);

        _retrievalEnvironment = new Dictionary<string, string?>(common)
        {
            ["Retrieval__DatabasePath"] = Path.Combine(_dataDir, "retrieval", "retrieval.db"),
            ["Tools__ConfigurationFile"] = Path.Combine(RepositoryRoot, "SampleApis", "FxRates", "fxrates.tools.json") + ";"
                                           + Path.Combine(RepositoryRoot, "SampleApis", "sample-apis.tools.json"),
            ["Tools__Apis__fxrates__Auth__Secret"] = fxKey,
            ["Tools__Apis__orders__Auth__Secret"] = ordersKey,
            ["services__fxrates__http__0"] = FxRates.BaseAddress.ToString().TrimEnd('/'),
            ["services__holidays__http__0"] = Holidays.BaseAddress.ToString().TrimEnd('/'),
            ["services__orderstatus__http__0"] = Orders.BaseAddress.ToString().TrimEnd('/'),
        };

        // The agents do not depend on each other at start-up: start them side by side.
        var agents = await Task.WhenAll(
            new[]
            {
                StartAsync("RouterAgent", "router", common),
                StartAsync("ComplianceAgent", "compliance", common),
                StartAsync("ReportingAgent", "reporting", common),
                StartAsync("RiskAgent", "risk", common),
            }.Concat(Enumerable.Range(0, ReplicaCount).Select(i => StartAsync("RetrievalAgent", ReplicaName(i), _retrievalEnvironment))));
        (Router, Compliance, Reporting, Risk) = (agents[0], agents[1], agents[2], agents[3]);
        RetrievalReplicas.AddRange(agents.Skip(4));

        var gateway = new Dictionary<string, string?>(common)
        {
            // Longer than the 5 s default: on a loaded 2-core machine a question's review alone has taken over 5 s, and
            // these tests check answers, not latency (Gateway.Tests check the deadline itself).
            ["Gateway__Deadline"] = "00:00:30",
            ["services__router__http__0"] = Router.BaseAddress.ToString().TrimEnd('/'),
            ["services__compliance__http__0"] = Compliance.BaseAddress.ToString().TrimEnd('/'),
            ["services__reporting__http__0"] = Reporting.BaseAddress.ToString().TrimEnd('/'),
            ["services__risk__http__0"] = Risk.BaseAddress.ToString().TrimEnd('/'),
        };
        for (var i = 0; i < RetrievalReplicas.Count; i++)
        {
            gateway[$"services__retrieval__http__{i}"] = RetrievalReplicas[i].BaseAddress.ToString().TrimEnd('/');
        }

        var workflowsUrl = WorkflowsSettings is null ? null : $"http://127.0.0.1:{FreePort.Next()}";
        if (workflowsUrl is not null)
        {
            gateway["services__workflows__http__0"] = workflowsUrl;
        }

        foreach (var (key, value) in GatewaySettings)
        {
            gateway[key] = value;
        }

        Gateway = await StartAsync("Gateway", "gateway", gateway);

        if (workflowsUrl is not null)
        {
            var workflows = new Dictionary<string, string?>(common)
            {
                ["services__gateway__http__0"] = Gateway.BaseAddress.ToString().TrimEnd('/'),
                ["services__reporting__http__0"] = Reporting.BaseAddress.ToString().TrimEnd('/'),
            };
            foreach (var (key, value) in WorkflowsSettings!)
            {
                workflows[key] = value;
            }

            Workflows = await StartAsync("Workflows", "workflows", workflows, workflowsUrl);
        }

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

        // The Gateway first (it calls the others), then the agents, then Redis.
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Task.WhenAll(_services.Where(s => s != Gateway).Select(s => s.DisposeAsync().AsTask()));
        await Redis.DisposeAsync();
        try
        {
            if (_dataDir.Length > 0)
            {
                Directory.Delete(_dataDir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The sample files the stack ingests: everything in samples/ but its README and questions.json.</summary>
    public IReadOnlyList<string> SampleFiles() =>
        Directory.GetFiles(SamplesDirectory)
            .Where(f => Path.GetFileName(f) is not ("README.md" or "questions.json"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Uploads every sample document through <c>POST /v1/documents</c> (once per run) and waits until each is
    /// ready or failed. Returns each upload's final state; the caller asserts on it.
    /// </summary>
    public async Task<IReadOnlyList<UploadedSample>> EnsureSamplesIngestedAsync()
    {
        await _ingestGate.WaitAsync();
        try
        {
            if (_samples is not null)
            {
                return _samples;
            }

            var uploads = new List<(string File, HttpStatusCode Status, string Body, DocumentInfo? Accepted)>();
            foreach (var file in SampleFiles())
            {
                using var response = await UploadAsync(Path.GetFileName(file), await File.ReadAllBytesAsync(file));
                var body = await response.Content.ReadAsStringAsync();
                var accepted = response.StatusCode == HttpStatusCode.Accepted
                    ? System.Text.Json.JsonSerializer.Deserialize<DocumentInfo>(body, SwitchboardJson.Options)
                    : null;
                uploads.Add((Path.GetFileName(file), response.StatusCode, body, accepted));
            }

            var results = new List<UploadedSample>();
            foreach (var (file, status, body, accepted) in uploads)
            {
                var final = accepted is null ? null : await WaitForIngestionAsync(accepted.Id);
                results.Add(new UploadedSample(file, status, body, final));
            }

            _samples = results;
            return _samples;
        }
        finally
        {
            _ingestGate.Release();
        }
    }

    /// <summary><c>POST /v1/documents</c> with one multipart field <c>file</c>.</summary>
    public async Task<HttpResponseMessage> UploadAsync(string fileName, byte[] content, string? contentType = null)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? ContentTypeOf(fileName));
        form.Add(part, "file", fileName);
        return await Http.PostAsync("/v1/documents", form);
    }

    /// <summary>Polls <c>GET /v1/documents/{id}</c> until the document is ready or failed (or the deadline passes).</summary>
    public async Task<DocumentInfo> WaitForIngestionAsync(string id)
    {
        var deadline = DateTime.UtcNow + IngestTimeout;
        DocumentInfo? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Http.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{id}", SwitchboardJson.Options);
            if (last is { Status: DocumentStatus.Ready or DocumentStatus.Failed })
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"Document {id} ({last?.Name}) was still '{last?.Status}' after {IngestTimeout.TotalSeconds:F0} s.\n{Diagnostics()}");
    }

    public async Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync() =>
        (await Http.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options))!;

    /// <summary>The last output lines of every service, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var service in _services)
        {
            var tail = service.RecentOutput.Split('\n').TakeLast(25);
            text.Append("----- ").Append(service.Name).Append(service.HasExited ? " (EXITED)" : "")
                .Append(" last output (full log: ").Append(Path.Combine(LogDirectory, service.Name + ".log")).AppendLine(")");
            foreach (var line in tail)
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    public static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".csv" => "text/csv",
        ".md" => "text/markdown",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };

    /// <summary>Starts replica <paramref name="index"/> again, on the address it had, after it was killed or stopped.</summary>
    public async Task<ServiceProcess> RestartRetrievalAsync(int index) => RetrievalReplicas[index] = await RestartAsync(RetrievalReplicas[index]);

    /// <summary>Starts a killed or stopped service again, on the address it had, and puts it in its place in the stack.</summary>
    public async Task<ServiceProcess> RestartAsync(ServiceProcess old)
    {
        if (!old.HasExited)
        {
            throw new InvalidOperationException($"{old.Name} is still running.");
        }

        (string Project, string Name, IReadOnlyDictionary<string, string?> Environment) launch;
        lock (_services)
        {
            launch = _launches[old];
            _services.Remove(old);
        }

        var service = await StartAsync(launch.Project, launch.Name + "-restarted", launch.Environment, old.BaseAddress.ToString().TrimEnd('/'));
        if (old == Router)
        {
            Router = service;
        }
        else if (old == Compliance)
        {
            Compliance = service;
        }
        else if (old == Reporting)
        {
            Reporting = service;
        }
        else if (old == Risk)
        {
            Risk = service;
        }
        else if (old == Gateway)
        {
            Gateway = service;
        }
        else if (RetrievalReplicas.IndexOf(old) is >= 0 and var replica)
        {
            RetrievalReplicas[replica] = service;
        }

        return service;
    }

    private static string ReplicaName(int index) => index == 0 ? "retrieval" : $"retrieval-{index + 1}";

    private async Task<ServiceProcess> StartAsync(string project, string name, IReadOnlyDictionary<string, string?> environment, string urls = "http://127.0.0.1:0")
    {
        var dll = Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", Path.GetFileName(project) + ".dll");
        var service = await ServiceProcess.StartAsync(name, dll, environment, HealthTimeout, Path.Combine(LogDirectory, name + ".log"), urls: urls);
        lock (_services)
        {
            _services.Add(service);
            _launches[service] = (project, name, environment);
        }

        return service;
    }

    private static string Metadata(string key) =>
        typeof(SwitchboardStack).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (see EndToEnd.Tests.csproj).");
}

