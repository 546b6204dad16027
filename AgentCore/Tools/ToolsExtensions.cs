using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Tools.Answering;
using Switchboard.AgentCore.Tools.Mcp;
using Switchboard.AgentCore.Tools.Rest;

namespace Switchboard.AgentCore.Tools;

public static class ToolsExtensions
{
    /// <summary>Optional path of a JSON file holding a <c>Tools</c> section, merged into configuration; several separated by <c>;</c>.</summary>
    public const string ConfigurationFileKey = "Tools:ConfigurationFile";

    /// <summary>Response bodies larger than this are refused: a tool result is a few values, not a download.</summary>
    private const long MaxResponseBytes = 1024 * 1024;

    /// <summary>
    /// Registers the REST API tools (<c>Tools:Apis:*</c>) and the MCP tool sources (<c>Tools:Mcp:*</c>), plus
    /// <see cref="AgentToolbox"/> over both and the extractive <see cref="ToolAnswerer"/>. Without those sections
    /// nothing is configured and the toolbox is empty.
    /// </summary>
    public static IHostApplicationBuilder AddAgentTools(this IHostApplicationBuilder builder)
    {
        // Connector definitions are deployment data, kept in their own JSON file (run.sh and the e2e tests point at
        // SampleApis/FxRates/fxrates.tools.json); secrets still come from the environment, never from that file.
        foreach (var file in ConfigurationFiles(builder.Configuration))
        {
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        builder.Services.AddRestApiTools(builder.Configuration);
        builder.Services.AddMcpTools(builder.Configuration);
        return builder;
    }

    /// <summary>The full paths of <c>Tools:ConfigurationFile</c> (several separated by <c>;</c>).</summary>
    public static IReadOnlyList<string> ConfigurationFiles(IConfiguration configuration) =>
        (configuration[ConfigurationFileKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Path.GetFullPath).ToList();

    /// <summary>
    /// One named HttpClient per API under <c>Tools:Apis</c>, each with its own resilience pipeline
    /// (<see cref="RestApiResilience"/>), validated options (the host fails at start naming the bad key), the connector,
    /// the <see cref="Microsoft.Extensions.AI.AIFunction"/>s and the question matcher.
    /// </summary>
    public static IServiceCollection AddRestApiTools(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RestApiOptions.SectionName);
        var names = section.GetChildren().Select(c => c.Key).ToList();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RestApiOptions>, RestApiOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RestApiOptions>>(new OpenApiRestApiSetup(configuration)));
        services.TryAddSingleton(sp => new RestApiCatalog(names, sp.GetRequiredService<IOptionsMonitor<RestApiOptions>>()));
        services.TryAddSingleton<RestApiRuntime>();
        services.TryAddSingleton<IRestApiConnector, RestApiConnector>();
        services.TryAddSingleton<RestApiTools>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentToolSource, RestApiTools>(sp => sp.GetRequiredService<RestApiTools>()));
        services.TryAddSingleton<ToolQuestionMatcher>();
        services.TryAddSingleton<ToolAnswerer>();
        services.TryAddSingleton<AgentToolbox>();

        foreach (var name in names)
        {
            services.AddOptions<RestApiOptions>(name).Bind(section.GetSection(name)).ValidateOnStart();

            var clientName = RestApiConnector.ClientName(name);
            services.AddHttpClient(clientName)
                .ConfigureHttpClient(client =>
                {
                    // The pipeline owns time: its total timeout bounds the call, HttpClient's 100 s default must not cut in.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                    client.MaxResponseContentBufferSize = MaxResponseBytes;
                })
                // Calls to third-party APIs keep HttpClientFactory's request logging (ServiceDefaults removes it from
                // the calls between our own services, where spans and metrics say the same for less CPU); header
                // values are never logged (the auth header carries the secret), whatever the log level.
                .AddDefaultLogger()
                .RedactLoggedHeaders(_ => true)
                // A resilience handler from ConfigureHttpClientDefaults (ServiceDefaults no longer adds one, a host might)
                // would run before this client's own configuration. Stacked under ours it would retry each of
                // our attempts up to three more times, with its own limiter and circuit, so MaxAttempts, MaxConcurrency
                // and the breaker would not mean what they say. Remove it; service discovery stays.
                .RemoveInheritedResilienceHandlers()
                .AddResilienceHandler(clientName, (pipeline, context) =>
                {
                    var sp = context.ServiceProvider;
                    var api = sp.GetRequiredService<RestApiCatalog>().Get(name);
                    RestApiResilience.Configure(
                        pipeline,
                        api,
                        sp.GetRequiredService<RestApiRuntime>().For(api),
                        sp.GetRequiredService<TimeProvider>(),
                        sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RestApiResilience).FullName!));
                });
        }

        return services;
    }
}
