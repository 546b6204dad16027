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

    // Secrets: generated once and kept in the AppHost's user secrets, or given as Parameters:<name>.
    // Redis requires a password whichever way it runs (container or redis-server process); the services get it in ConnectionStrings__redis.
    var redisPassword = builder.AddParameter("redis-password", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
    var redis = builder.AddSwitchboardRedis(settings, containerRuntime, redisPassword);

    var fxRatesKey = builder.AddParameter("fxrates-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
    // The key every call between our services is signed with (ServiceDefaults/ServiceAuth): the agents refuse anything else.
    var serviceKey = builder.AddParameter("service-auth-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
    var chat = ChatSettings.Add(builder, settings);

    var fxRates = builder.AddProject<Projects.FxRates>("fxrates")
        .AsService(settings, 5105)
        .WithEnvironment("FxRates__ApiKey", fxRatesKey);

    var router = builder.AddProject<Projects.RouterAgent>("router")
        .AsService(settings, 5101)
        .WithEnvironment("ServiceAuth__Key", serviceKey)
        .WithEnvironment(chat.Apply);

    var retrieval = builder.AddProject<Projects.RetrievalAgent>("retrieval")
        .AsService(settings, 5102, settings.RetrievalReplicas)
        .WithEnvironment("ServiceAuth__Key", serviceKey)
        .WithRedis(redis)
        .WithReference(fxRates).WaitFor(fxRates)
        .WithEnvironment("Tools__Apis__fxrates__Auth__Secret", fxRatesKey)
        .WithEnvironment(chat.Apply);

    if (builder.ExecutionContext.IsRunMode)
    {
        // Local files: replicas share one store file (each follows its change log), unless Qdrant replaces it. A
        // published manifest leaves both to the deployment (the store's default path, the tools file as a mounted file).
        retrieval
            .WithEnvironment("Retrieval__DatabasePath", Path.Combine(settings.DataDirectory, "retrieval", "retrieval.db"))
            .WithEnvironment("Tools__ConfigurationFile",
                Path.Combine(repositoryRoot, "SampleApis", "FxRates", "fxrates.tools.json") + ";" + Path.Combine(repositoryRoot, "SampleApis", "sample-apis.tools.json"));

        // The two sample APIs registered through their OpenAPI documents: local development only (not in the published
        // manifest, so k8s/ does not deploy them; FxRates stays the deployed example).
        var ordersKey = builder.AddParameter("orders-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        var holidays = builder.AddProject<Projects.Holidays>("holidays").AsService(settings, 5108);
        var orders = builder.AddProject<Projects.OrderStatus>("orderstatus").AsService(settings, 5109).WithEnvironment("Orders__ApiKey", ordersKey);
        retrieval
            .WithReference(holidays).WaitFor(holidays)
            .WithReference(orders).WaitFor(orders)
            .WithEnvironment("Tools__Apis__orders__Auth__Secret", ordersKey);
    }

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
        .AsService(settings, 5103)
        .WithEnvironment("ServiceAuth__Key", serviceKey)
        .WithRedis(redis)
        .WithEnvironment(chat.Apply);

    var reporting = builder.AddProject<Projects.ReportingAgent>("reporting")
        .AsService(settings, 5104)
        .WithEnvironment("ServiceAuth__Key", serviceKey)
        .WithRedis(redis);

    // Scores every answer before it leaves (rules; a model judge too when chat-provider names a model).
    var risk = builder.AddProject<Projects.RiskAgent>("risk")
        .AsService(settings, 5106)
        .WithEnvironment("ServiceAuth__Key", serviceKey)
        .WithEnvironment(chat.Apply);
    // Scheduled DAGs (source sync, nightly evaluation, weekly review, retention); it calls the Gateway and the
    // ReportingAgent, and the Gateway proxies /v1/workflows to it (no WaitFor either way: each retries the other).
    var workflows = builder.AddProject<Projects.Workflows>("workflows")
        .AsService(settings, 5107)
        .WithEnvironment("ServiceAuth__Key", serviceKey)
        .WithRedis(redis)
        .WithReference(reporting);
    if (builder.ExecutionContext.IsRunMode)
    {
        var sources = Path.Combine(settings.DataDirectory, "sources");
        Directory.CreateDirectory(sources);
        workflows
            .WithEnvironment("Workflows__SourceSync__Folders__0", sources)
            .WithEnvironment("Workflows__Evaluation__QuestionsFile", Path.Combine(repositoryRoot, "samples", "eval", "questions.jsonl"))
            .WithEnvironment("Workflows__Evaluation__ReportDirectory", Path.Combine(settings.DataDirectory, "workflows", "evaluation"));
    }

    var gateway = builder.AddProject<Projects.Gateway>("gateway")
        .AsService(settings, 5100)
        .WithExternalHttpEndpoints()
        .WithRedis(redis)
        .WithReference(router).WaitFor(router)
        .WithReference(retrieval).WaitFor(retrieval)
        .WithReference(compliance).WaitFor(compliance)
        .WithReference(reporting).WaitFor(reporting)
        .WithReference(risk).WaitFor(risk)
        .WithReference(workflows)
        .WithEnvironment("ServiceAuth__Key", serviceKey)
        .WithUrlForEndpoint("http", url => url.DisplayText = "Web UI");

    workflows.WithReference(gateway);

    if (builder.ExecutionContext.IsRunMode)
    {
        // The quick start runs the Gateway open (every caller anonymous with every role; it says so loudly in its log)
        // unless an authority is given (--Auth__Jwt__Authority / Audience in the environment, see Gateway/README.md). A
        // published manifest never carries this: a deployment must configure an authority or the Gateway will not start.
        gateway.WithEnvironment("Auth__AllowOpenInProduction", "true");
        foreach (var key in new[] { "Auth__Jwt__Authority", "Auth__Jwt__Audience", "Auth__Jwt__RolesClaim", "Auth__Jwt__GroupsClaim" })
        {
            if (Environment.GetEnvironmentVariable(key) is { Length: > 0 } value)
            {
                gateway.WithEnvironment(key, value);
            }
        }
    }

    builder.AddSampleIngestion("samples", gateway, Path.Combine(repositoryRoot, "samples"),
        Path.Combine(settings.DataDirectory, "samples-ingested"), automatic: settings.IngestSamples);

    IResourceBuilder<ProjectResource>[] services = [gateway, router, retrieval, compliance, reporting, risk, workflows, fxRates];
    if (settings.Prometheus && builder.ExecutionContext.IsRunMode && PrometheusResourceExtensions.FindBinary() is { } prometheus)
    {
        builder.AddPrometheus("prometheus", prometheus, Path.Combine(settings.DataDirectory, "prometheus"), services, settings.FixedPorts ? 9090 : null);
    }

    builder.AddStartupSummary(gateway, services);
    if (settings.FixedPorts && builder.ExecutionContext.IsRunMode)
    {
        PortCheck.EnsureFixedPortsFree(builder);
    }
}
