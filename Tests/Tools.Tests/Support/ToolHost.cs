using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchboard.AgentCore.Tools;
using Switchboard.AgentCore.Tools.Rest;

namespace Switchboard.Tools.Tests.Support;

/// <summary>
/// A host composed the way a Switchboard service composes itself: <c>AddServiceDefaults()</c> (so every HttpClient
/// gets the standard resilience handler by default) and then <c>AddAgentTools()</c>, with in-memory configuration,
/// optionally a fake clock, and every log line captured.
/// </summary>
public sealed class ToolHost : IAsyncDisposable
{
    private ToolHost(IHost host, CapturedLogs logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => Host.Services;

    public IRestApiConnector Connector => Services.GetRequiredService<IRestApiConnector>();

    public RestApiRuntime Runtime => Services.GetRequiredService<RestApiRuntime>();

    public static async Task<ToolHost> StartAsync(
        IDictionary<string, string?> settings,
        TimeProvider? time = null,
        Action<IServiceCollection>? configure = null,
        string? jsonFile = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
        });
        if (jsonFile is not null)
        {
            builder.Configuration.AddJsonFile(jsonFile, optional: false);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddServiceDefaults();
        configure?.Invoke(builder.Services);
        builder.AddAgentTools();
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

        return new ToolHost(host, logs);
    }

    /// <summary>Settings of one API named <paramref name="api"/> with one GET operation <c>get</c> on <c>/v1/items/{id}</c>.</summary>
    public static Dictionary<string, string?> Api(string api, Uri baseUrl, params (string Key, string? Value)[] overrides)
    {
        var p = $"Tools:Apis:{api}";
        var settings = new Dictionary<string, string?>
        {
            [$"{p}:BaseUrl"] = baseUrl.ToString(),
            [$"{p}:DisplayName"] = "Test items",
            [$"{p}:Timeout"] = "00:00:10",
            [$"{p}:TotalTimeout"] = "00:01:00",
            [$"{p}:Retry:MaxAttempts"] = "3",
            [$"{p}:Retry:BaseDelay"] = "00:00:00.010",
            [$"{p}:Retry:MaxDelay"] = "00:00:00.100",
            [$"{p}:Operations:get:Path"] = "/v1/items/{id}",
            [$"{p}:Operations:get:Description"] = "Gets one item by id.",
            [$"{p}:Operations:get:Parameters:id:In"] = "path",
            [$"{p}:Operations:get:Parameters:id:Required"] = "true",
            [$"{p}:Operations:get:Parameters:id:Description"] = "The item id.",
            [$"{p}:Operations:get:Result:value"] = "$.value",
            [$"{p}:Operations:get:Citation"] = "Test items API, item {id}",
        };
        foreach (var (key, value) in overrides)
        {
            settings[$"{p}:{key}"] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
