using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchboard.AgentCore.AI.Chat;

namespace Switchboard.AgentCore.AI.Tests.Support;

/// <summary>
/// A generic host set up like a Switchboard service (ServiceDefaults, then the chat client from configuration), so the
/// tests exercise the real HttpClientFactory handlers, options validation and middleware order.
/// </summary>
public static class AiHost
{
    /// <summary>Fast retries for tests; the 429 test still waits the server's Retry-After (1 s).</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastRetries = new Dictionary<string, string?>
    {
        ["AI:Chat:Resilience:Retry:MaxRetryAttempts"] = "2",
        ["AI:Chat:Resilience:Retry:Delay"] = "00:00:00.010",
        ["AI:Chat:Resilience:Retry:UseJitter"] = "false",
        ["AI:Chat:Resilience:Retry:BackoffType"] = "Constant",
    };

    public static async Task<IHost> StartAsync(Dictionary<string, string?> settings, Func<IServiceProvider, IChatClient>? extractive = null,
        Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(FastRetries.Concat(settings));
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddConfiguredChatClient(extractive);
        configure?.Invoke(builder);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    public static IChatClient ChatClient(this IHost host) => host.Services.GetRequiredService<IChatClient>();
}
