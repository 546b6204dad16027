using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers one shared <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:{name}</c> (the key Aspire
/// injects) and a health check that pings it, the way Aspire's <c>AddRedisClient</c> does. The connection is opened in
/// the background at start, so neither the first request nor the first health check waits for it; the health check,
/// like every check, is cut off after <c>Health:CheckTimeout</c> (800 ms) and then reports Unhealthy, so <c>/health</c>
/// answers within a second while Redis is down instead of after the client's 5 s connect and command timeouts.
/// </summary>
public static class RedisExtensions
{
    public static TBuilder AddRedisClient<TBuilder>(this TBuilder builder, string connectionName = "redis") where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Redis is required: set ConnectionStrings:{connectionName} (environment variable ConnectionStrings__{connectionName}), for example 'localhost:6379'.");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false; // keep retrying in the background; /health reports the outage
        options.ClientName ??= builder.Environment.ApplicationName;

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHostedService<RedisConnectionWarmup>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, tags: ["ready"]);
        return builder;
    }

    /// <summary>Creates the multiplexer (which connects, up to its connect timeout) off the start-up path.</summary>
    private sealed class RedisConnectionWarmup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = Task.Run(() => services.GetRequiredService<IConnectionMultiplexer>(), CancellationToken.None)
                .ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Redis did not answer PING", ex);
            }
        }
    }
}
