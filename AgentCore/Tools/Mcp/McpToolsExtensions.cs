using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.Tools.Mcp;

public static class McpToolsExtensions
{
    /// <summary>
    /// Registers <see cref="McpToolSource"/> for the servers under <c>Tools:Mcp</c> (validated at start-up) as an
    /// <see cref="IAgentToolSource"/>. HTTP servers get a named HttpClient without the standard resilience handler:
    /// its 30 s total timeout and retries would cut and replay MCP's long-lived SSE / streamable-HTTP streams.
    /// </summary>
    public static IServiceCollection AddMcpTools(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(McpToolServerOptions.SectionName);
        var names = section.GetChildren().Select(c => c.Key).ToList();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpToolServerOptions>, McpToolServerOptionsValidator>());
        services.TryAddSingleton(sp => new McpToolSource(
            names,
            sp.GetRequiredService<IOptionsMonitor<McpToolServerOptions>>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentToolSource, McpToolSource>(sp => sp.GetRequiredService<McpToolSource>()));
        services.TryAddSingleton<AgentToolbox>();

        foreach (var name in names)
        {
            services.AddOptions<McpToolServerOptions>(name).Bind(section.GetSection(name)).ValidateOnStart();
            services.AddHttpClient(McpToolSource.ClientName(name))
                .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
                .AddDefaultLogger()
                .RedactLoggedHeaders(_ => true)
                .RemoveInheritedResilienceHandlers();
        }

        return services;
    }
}
