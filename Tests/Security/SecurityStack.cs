using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.Security.Tests;

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityStack>
{
    public const string Name = "security-stack";
}

/// <summary>
/// The stack as production runs it, on loopback: a real <c>redis-server</c>, every agent (router, retrieval, compliance,
/// reporting, risk) and the workflow service holding this run's service key, and the Gateway trusting <see cref="LocalAuthority"/> (OIDC discovery + JWKS over HTTP) with the Production
/// environment, so nothing runs open. Per-caller rate limits are off here (the fuzzer sends thousands of requests);
/// <see cref="StartGatewayAsync"/> starts further Gateways with other settings (limits, refusals).
/// </summary>
public sealed class SecurityStack : IAsyncLifetime
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(3);
    private readonly List<ServiceProcess> _services = [];
    private string _dataDir = "";

    public SecurityStack()
    {
        RepositoryRoot = Metadata("RepositoryRoot");
        Configuration = Metadata("Configuration");
    }

    public string RepositoryRoot { get; }

    public string Configuration { get; }

    public string LogDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "security-logs");

    public RedisServerFixture Redis { get; } = new();

    public LocalAuthority Authority { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>The agents and the workflow service (everything behind the Gateway) by service-discovery name.</summary>
    public Dictionary<string, ServiceProcess> Agents { get; } = [];

    public Dictionary<string, string?> Common { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _dataDir = Directory.CreateTempSubdirectory("sb-security-").FullName;
        await Redis.InitializeAsync();
        Authority = await LocalAuthority.StartAsync();
        Common = new Dictionary<string, string?>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            // Nothing runs open: the agents hold the service key (ServiceProcess's default), the Gateway an authority.
            ["Auth__AllowOpenInProduction"] = null,
        };

        var agents = await Task.WhenAll(
            StartAsync("RouterAgent", AgentNames.Router, Common),
            StartAsync("ComplianceAgent", AgentNames.Compliance, Common),
            StartAsync("ReportingAgent", AgentNames.Reporting, Common),
            StartAsync("RiskAgent", AgentNames.Risk, Common),
            StartAsync("RetrievalAgent", AgentNames.Retrieval, new Dictionary<string, string?>(Common)
            {
                ["Retrieval__DatabasePath"] = Path.Combine(_dataDir, "retrieval.db"),
                ["Messaging__Consumers__sb:ingest__PollInterval"] = "00:00:00.050",
            }));
        foreach (var agent in agents)
        {
            Agents[agent.Name] = agent;
        }

        // The workflow service calls the Gateway and the Gateway proxies it: its address is chosen first.
        var workflowsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        Gateway = await StartGatewayAsync("gateway", new Dictionary<string, string?>
        {
            ["Gateway__RateLimits__Enabled"] = "false",
            [$"services__{AgentNames.Workflows}__http__0"] = workflowsUrl,
        });
        Agents[AgentNames.Workflows] = await StartAsync("Workflows", AgentNames.Workflows, new Dictionary<string, string?>(Common)
        {
            [$"services__gateway__http__0"] = Gateway.BaseAddress.ToString().TrimEnd('/'),
            [$"services__{AgentNames.Reporting}__http__0"] = Agents[AgentNames.Reporting].BaseAddress.ToString().TrimEnd('/'),
            ["Workflows__Dags__source-sync__Enabled"] = "false",
            ["Workflows__Dags__nightly-evaluation__Enabled"] = "false",
            ["Workflows__Dags__weekly-review__Enabled"] = "false",
            ["Workflows__Dags__retention__Enabled"] = "false",
        }, workflowsUrl);
    }

    /// <summary>
    /// Every endpoint of every service, from each running service's own <c>/openapi/v1.json</c> (read once, with valid
    /// credentials: an admin's token at the Gateway, a service token at the others). Throws when a document cannot be read.
    /// </summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<ApiEndpoint>>> EndpointsAsync()
    {
        lock (_services)
        {
            return _endpoints ??= ReadEndpointsAsync();
        }
    }

    private Task<IReadOnlyDictionary<string, IReadOnlyList<ApiEndpoint>>>? _endpoints;

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<ApiEndpoint>>> ReadEndpointsAsync()
    {
        var endpoints = new SortedDictionary<string, IReadOnlyList<ApiEndpoint>>(StringComparer.Ordinal);
        using (var gateway = Client(Authority.Token("inventory", ["admin"])))
        {
            // The Gateway's document, completed by its routing table: an endpoint hidden from the description (the
            // legacy POST /ask) is still attacked. EndpointInventoryTests names what the routing table adds.
            var documented = await EndpointInventory.ReadAsync("gateway", gateway);
            endpoints["gateway"] = [.. documented.Union(EndpointInventory.GatewayRoutingTable(Redis.ConnectionString))
                .OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
        }

        foreach (var (name, agent) in Agents)
        {
            using var http = agent.CreateServiceClient(TimeSpan.FromSeconds(30));
            endpoints[name] = await EndpointInventory.ReadAsync(name, http);
        }

        return endpoints;
    }

    /// <summary>The Gateway settings of this stack: the agents, the authority, a long deadline, the answer cache on.</summary>
    public Dictionary<string, string?> GatewayEnvironment(IReadOnlyDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>(Common)
        {
            ["Gateway__Deadline"] = "00:00:30",
        };
        foreach (var (name, agent) in Agents)
        {
            settings[$"services__{name}__http__0"] = agent.BaseAddress.ToString().TrimEnd('/');
        }

        foreach (var (key, value) in Authority.GatewaySettings.Concat(extra))
        {
            settings[key] = value;
        }

        return settings;
    }

    public Task<ServiceProcess> StartGatewayAsync(string name, IReadOnlyDictionary<string, string?> extra) =>
        StartAsync("Gateway", name, GatewayEnvironment(extra));

    public async Task<ServiceProcess> StartAsync(string project, string name, IReadOnlyDictionary<string, string?> environment, string? urls = null)
    {
        var dll = Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", project + ".dll");
        var service = await ServiceProcess.StartAsync(name, dll, environment, HealthTimeout, Path.Combine(LogDirectory, name + ".log"), maxLines: 400,
            urls: urls ?? "http://127.0.0.1:0");
        lock (_services)
        {
            _services.Add(service);
        }

        return service;
    }

    /// <summary>Stops and forgets a service a test started for itself (it no longer counts in <see cref="AssertAllHealthyAsync"/>).</summary>
    public async Task RetireAsync(ServiceProcess service)
    {
        lock (_services)
        {
            _services.Remove(service);
        }

        await service.DisposeAsync();
    }

    public string DllOf(string project) => Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", project + ".dll");

    /// <summary>A client of the Gateway sending <paramref name="token"/> as its bearer token (none: no header).</summary>
    public HttpClient Client(string? token, ServiceProcess? gateway = null)
    {
        var http = new HttpClient { BaseAddress = (gateway ?? Gateway).BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>Uploads a Markdown document as <paramref name="token"/>'s caller, restricted to <paramref name="allowedGroups"/>, and waits until it is ready.</summary>
    public async Task<DocumentInfo> UploadReadyAsync(string token, string fileName, string text, params string[] allowedGroups)
    {
        using var http = Client(token);
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(part, "file", fileName);
        if (allowedGroups.Length > 0)
        {
            form.Add(new StringContent(string.Join(',', allowedGroups)), "allowedGroups");
        }

        using var response = await http.PostAsync("/v1/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        // 200: the same bytes were uploaded before (another test of this class), and the record is the same document.
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"upload of {fileName}: {(int)response.StatusCode} {body}");
        var document = JsonSerializer.Deserialize<DocumentInfo>(body, SwitchboardJson.Options)!;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var current = await http.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{document.Id}", SwitchboardJson.Options);
            if (current!.Status == DocumentStatus.Ready)
            {
                return current;
            }

            Assert.NotEqual(DocumentStatus.Failed, current.Status);
            await Task.Delay(100);
        }

        throw new TimeoutException($"{fileName} was not ready within 2 minutes.\n{Diagnostics()}");
    }

    public string Diagnostics()
    {
        var text = new StringBuilder();
        lock (_services)
        {
            foreach (var service in _services)
            {
                text.Append("----- ").Append(service.Name).AppendLine(service.HasExited ? " (EXITED)" : "");
                foreach (var line in service.RecentOutput.Split('\n').TakeLast(15))
                {
                    text.AppendLine(line);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Every service of the stack (Gateways included) is still running and healthy.</summary>
    public async Task AssertAllHealthyAsync()
    {
        List<ServiceProcess> services;
        lock (_services)
        {
            services = [.. _services.Where(s => !s.Name.StartsWith("refused", StringComparison.Ordinal))];
        }

        foreach (var service in services)
        {
            Assert.False(service.HasExited, $"{service.Name} exited.\n{Diagnostics()}");
            using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync("/health");
            Assert.True(response.IsSuccessStatusCode, $"{service.Name} /health answered {(int)response.StatusCode}");
        }
    }

    public async Task DisposeAsync()
    {
        List<ServiceProcess> services;
        lock (_services)
        {
            services = [.. _services];
        }

        await Task.WhenAll(services.Select(s => s.DisposeAsync().AsTask()));
        if (Authority is not null)
        {
            await Authority.DisposeAsync();
        }

        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Metadata(string key) =>
        typeof(SecurityStack).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (see Security.Tests.csproj).");
}
