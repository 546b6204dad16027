using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AppHost.Tests;

/// <summary>
/// The AppHost's manifest (<c>dotnet run --project AppHost -- --publisher manifest</c>) is the contract the Kubernetes
/// manifests follow: every service under its service-discovery name, the environment keys through which it finds the
/// others (<c>ConnectionStrings__redis</c>, <c>services__&lt;name&gt;__http__0</c>), its http binding and its probes.
/// </summary>
public sealed partial class ManifestContractTests
{
    private const string Gateway = "gateway";
    private const string FxRates = "fxrates";
    private const string Redis = "redis";

    /// <summary>Who each service must be able to reach; a new dependency is a change of the contract and belongs here.</summary>
    private static readonly Dictionary<string, string[]> References = new()
    {
        [Gateway] = [Redis, AgentNames.Router, AgentNames.Retrieval, AgentNames.Compliance, AgentNames.Reporting, AgentNames.Risk, AgentNames.Workflows],
        [AgentNames.Router] = [],
        [AgentNames.Retrieval] = [Redis, FxRates],
        [AgentNames.Compliance] = [Redis],
        [AgentNames.Reporting] = [Redis],
        [AgentNames.Risk] = [],
        [AgentNames.Workflows] = [Redis, Gateway, AgentNames.Reporting],
        [FxRates] = [],
    };

    [Fact]
    public async Task The_manifest_lists_every_service_with_its_references_binding_and_probes()
    {
        var manifest = await PublishAsync();
        var resources = manifest["resources"]!.AsObject();

        var projects = resources.Where(r => (string?)r.Value!["type"] == "project.v0").Select(r => r.Key).Order().ToList();
        Assert.Equal(References.Keys.Order(), projects);

        Assert.Equal("container.v0", (string?)resources[Redis]!["type"]);
        Assert.False(string.IsNullOrEmpty((string?)resources[Redis]!["connectionString"]), "redis has no connectionString");

        foreach (var (service, expected) in References)
        {
            var resource = resources[service]!;
            var env = resource["env"]!.AsObject().ToDictionary(e => e.Key, e => (string?)e.Value);

            var connectionStrings = env.Keys.Select(k => ConnectionStringKey().Match(k)).Where(m => m.Success).Select(m => m.Groups[1].Value);
            var services = env.Keys.Select(k => ServiceKey().Match(k)).Where(m => m.Success).Select(m => m.Groups[1].Value);
            Assert.Equal(expected.Order(), connectionStrings.Concat(services).Distinct().Order());
            foreach (var name in expected)
            {
                if (name == Redis)
                {
                    Assert.Equal("{redis.connectionString}", env["ConnectionStrings__redis"]);
                }
                else
                {
                    Assert.Equal($"{{{name}.bindings.http.url}}", env[$"services__{name}__http__0"]);
                }
            }

            var http = resource["bindings"]?["http"];
            Assert.True(http is not null && (string?)http["scheme"] == "http", $"{service} has no http binding: {resource["bindings"]}");
            Assert.Null(http!["port"]);

            var probes = (resource["probes"]?.AsArray() ?? []).Select(p => ((string?)p!["type"], (string?)p["path"])).ToList();
            Assert.True(probes.Contains(("readiness", "/health")) && probes.Contains(("liveness", "/alive")),
                $"{service}: expected a readiness probe on /health and a liveness probe on /alive, found {resource["probes"]?.ToJsonString() ?? "none"}");

            // Nothing of this machine leaks into the contract.
            var local = env.Where(e => e.Value?.Contains(AppHostCommand.RepositoryRoot, StringComparison.Ordinal) == true).Select(e => e.Key).ToList();
            Assert.True(local.Count == 0, $"{service} has local paths in: {string.Join(", ", local)}");
        }

        // Secrets are parameters marked secret, never values in the manifest.
        Assert.True((bool?)resources["fxrates-api-key"]?["inputs"]?["value"]?["secret"], "fxrates-api-key is not a secret parameter");
        Assert.Equal("{fxrates-api-key.value}", (string?)resources[FxRates]!["env"]!["FxRates__ApiKey"]);
        Assert.Equal("{fxrates-api-key.value}", (string?)resources[AgentNames.Retrieval]!["env"]!["Tools__Apis__fxrates__Auth__Secret"]);
    }

    [Fact]
    public async Task Qdrant_by_parameter_reaches_the_retrieval_agent_as_qdrant_http()
    {
        var manifest = await PublishAsync("--Parameters:vector-store=qdrant");
        var resources = manifest["resources"]!.AsObject();

        Assert.Equal("container.v0", (string?)resources["qdrant"]!["type"]);
        Assert.StartsWith("qdrant/qdrant", (string?)resources["qdrant"]!["image"] ?? "", StringComparison.Ordinal);
        Assert.Equal(6333, (int?)resources["qdrant"]!["bindings"]!["http"]!["targetPort"]);
        Assert.Equal("Endpoint={qdrant.bindings.http.url};Key={qdrant-api-key.value}",
            (string?)resources[AgentNames.Retrieval]!["env"]!["ConnectionStrings__qdrant_http"]);
    }

    [Fact]
    public async Task Trace_sampling_by_parameter_reaches_every_service_as_the_OTel_standard_variables()
    {
        var resources = (await PublishAsync("--Parameters:trace-sampling=0.05"))["resources"]!.AsObject();
        var services = resources.Where(r => (string?)r.Value!["type"] == "project.v0").ToList();

        Assert.NotEmpty(services);
        Assert.All(services, service =>
        {
            Assert.Equal("parentbased_traceidratio", (string?)service.Value!["env"]!["OTEL_TRACES_SAMPLER"]);
            Assert.Equal("0.05", (string?)service.Value!["env"]!["OTEL_TRACES_SAMPLER_ARG"]);
        });
        Assert.Null((await PublishAsync())["resources"]![Gateway]!["env"]!["OTEL_TRACES_SAMPLER_ARG"]);
    }

    [Fact]
    public async Task The_metrics_export_interval_by_parameter_reaches_every_service_in_milliseconds()
    {
        var resources = (await PublishAsync("--Parameters:metrics-export-interval=15"))["resources"]!.AsObject();
        var services = resources.Where(r => (string?)r.Value!["type"] == "project.v0").ToList();

        Assert.NotEmpty(services);
        Assert.All(services, service => Assert.Equal("15000", (string?)service.Value!["env"]!["OTEL_METRIC_EXPORT_INTERVAL"]));
        // Published without the parameter, the platform's collector settings apply: nothing is written.
        Assert.Null((await PublishAsync())["resources"]![Gateway]!["env"]!["OTEL_METRIC_EXPORT_INTERVAL"]);
    }

    [Theory]
    [InlineData("--Parameters:metrics-export-interval=0", "metrics-export-interval")]
    [InlineData("--Parameters:retrieval-replicas=0", "retrieval-replicas")]
    [InlineData("--Parameters:vector-store=pinecone", "vector-store")]
    [InlineData("--Parameters:chat-provider=Gemini", "chat-provider")]
    [InlineData("--Parameters:trace-sampling=1.5", "trace-sampling")]
    public async Task A_wrong_parameter_stops_the_AppHost_with_one_sentence_naming_it(string argument, string parameter)
    {
        var (exitCode, stdout, stderr) = await AppHostCommand.RunAsync("--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "sb-never-written", "m.json"), argument);

        Assert.Equal(2, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith($"AppHost: Parameter '{parameter}' is ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> PublishAsync(params string[] arguments)
    {
        var dir = Directory.CreateTempSubdirectory("sb-manifest-").FullName;
        try
        {
            var path = Path.Combine(dir, "aspire-manifest.json");
            var (exitCode, stdout, stderr) = await AppHostCommand.RunAsync(["--publisher", "manifest", "--output-path", path, .. arguments]);
            Assert.True(exitCode == 0 && File.Exists(path), $"the manifest publisher exited {exitCode}:\n{stdout}\n{stderr}");
            return JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex("^ConnectionStrings__(.+)$")]
    private static partial Regex ConnectionStringKey();

    [GeneratedRegex("^services__(.+)__http__0$")]
    private static partial Regex ServiceKey();
}
