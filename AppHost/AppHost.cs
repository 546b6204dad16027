using Switchboard.AppHost.Prometheus;
using Switchboard.AppHost.Qdrant;
using Switchboard.AppHost.Redis;
using Switchboard.AppHost.Samples;
using Switchboard.AppHost.Topology;

// The one description of what runs: `./run.sh` starts it with the dashboard, the end-to-end tests start it with
// Aspire.Hosting.Testing, and its manifest (`--publisher manifest`) is the contract the Kubernetes manifests follow.
// Resource names are the service-discovery names the services call each other by (AgentCore AgentNames).
var builder = DistributedApplication.CreateBuilder(args);
try
{
    AddSwitchboard(builder);
}
catch (AppHostSettingsException e)
{
    Console.Error.WriteLine($"AppHost: {e.Message}");
    return 2;
}

builder.Build().Run();
return 0;

static void AddSwitchboard(IDistributedApplicationBuilder builder)
{
    var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
    var settings = AppHostSettings.Read(builder.Configuration, repositoryRoot);
    var containerRuntime = builder.ExecutionContext.IsRunMode && ContainerRuntime.Answers();
    int? Port(int port) => settings.FixedPorts ? port : null;

    var redis = builder.AddSwitchboardRedis(settings, containerRuntime);

    // Secrets: generated once and kept in the AppHost's user secrets, or given as Parameters:<name>.
    var fxRatesKey = builder.AddParameter("fxrates-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
    var chat = ChatSettings.Add(builder, settings);

    var fxRates = builder.AddProject<Projects.FxRates>("fxrates")
        .WithHttpEndpoint(port: Port(5105), name: "http")
        .WithEnvironment("FxRates__ApiKey", fxRatesKey)
        .WithHttpHealthCheck("/health");

    var router = builder.AddProject<Projects.RouterAgent>("router")
        .WithHttpEndpoint(port: Port(5101), name: "http")
        .WithEnvironment(chat.Apply)
        .WithHttpHealthCheck("/health");

    var retrieval = builder.AddProject<Projects.RetrievalAgent>("retrieval")
        .WithHttpEndpoint(port: Port(5102), name: "http")
        .WithReplicas(settings.RetrievalReplicas)
        .WithReference(redis).WaitFor(redis)
        .WithReference(fxRates).WaitFor(fxRates)
        // Replicas share one store file (each follows its change log); Qdrant replaces it when asked for.
        .WithEnvironment("Retrieval__DatabasePath", Path.Combine(settings.DataDirectory, "retrieval", "retrieval.db"))
        .WithEnvironment("Tools__ConfigurationFile", Path.Combine(repositoryRoot, "SampleApis", "FxRates", "fxrates.tools.json"))
        .WithEnvironment("Tools__Apis__fxrates__Auth__Secret", fxRatesKey)
        .WithEnvironment(chat.Apply)
        .WithHttpHealthCheck("/health");

    if (settings.VectorStore == VectorStore.Qdrant)
    {
        if (builder.ExecutionContext.IsRunMode && !containerRuntime)
        {
            throw new AppHostSettingsException(
                $"Parameter '{AppHostSettings.VectorStoreParameter}' is 'qdrant', but no container engine answers ('docker info' failed) to run the qdrant/qdrant image: start one, or use --Parameters:{AppHostSettings.VectorStoreParameter}=embedded.");
        }

        var qdrantKey = builder.AddParameter("qdrant-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        var qdrant = builder.AddQdrant("qdrant", qdrantKey, Path.Combine(settings.DataDirectory, "qdrant"));
        retrieval.WithQdrant(qdrant, qdrantKey);
    }

    var compliance = builder.AddProject<Projects.ComplianceAgent>("compliance")
        .WithHttpEndpoint(port: Port(5103), name: "http")
        .WithReference(redis).WaitFor(redis)
        .WithEnvironment(chat.Apply)
        .WithHttpHealthCheck("/health");

    var reporting = builder.AddProject<Projects.ReportingAgent>("reporting")
        .WithHttpEndpoint(port: Port(5104), name: "http")
        .WithReference(redis).WaitFor(redis)
        .WithHttpHealthCheck("/health");

    var gateway = builder.AddProject<Projects.Gateway>("gateway")
        .WithHttpEndpoint(port: Port(5100), name: "http")
        .WithExternalHttpEndpoints()
        .WithReference(redis).WaitFor(redis)
        .WithReference(router).WaitFor(router)
        .WithReference(retrieval).WaitFor(retrieval)
        .WithReference(compliance).WaitFor(compliance)
        .WithReference(reporting).WaitFor(reporting)
        .WithHttpHealthCheck("/health")
        .WithUrlForEndpoint("http", url => url.DisplayText = "Web UI");

    builder.AddSampleIngestion("samples", gateway, Path.Combine(repositoryRoot, "samples"),
        Path.Combine(settings.DataDirectory, "samples-ingested"), automatic: settings.IngestSamples);

    IResourceBuilder<ProjectResource>[] services = [gateway, router, retrieval, compliance, reporting, fxRates];
    if (settings.Prometheus && builder.ExecutionContext.IsRunMode && PrometheusResourceExtensions.FindBinary() is { } prometheus)
    {
        builder.AddPrometheus("prometheus", prometheus, Path.Combine(settings.DataDirectory, "prometheus"), services, Port(9090));
    }

    builder.AddStartupSummary(gateway, services);
}
