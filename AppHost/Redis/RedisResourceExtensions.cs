using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AppHost.Topology;

namespace Switchboard.AppHost.Redis;

public static class RedisResourceExtensions
{
    /// <summary>
    /// The <c>redis</c> resource: the <c>redis</c> container (Aspire.Hosting.Redis) when a container engine answers
    /// or when publishing a manifest, else Debian's <c>redis-server</c> as a process with its append-only file
    /// in <c>&lt;data-dir&gt;/redis</c>. Either way it requires <paramref name="password"/> (the secret parameter
    /// <c>redis-password</c>), which the services get in <c>ConnectionStrings__redis</c>.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddSwitchboardRedis(
        this IDistributedApplicationBuilder builder, AppHostSettings settings, bool containerRuntime, IResourceBuilder<ParameterResource> password)
    {
        var container = settings.Redis switch
        {
            RedisMode.Container => true,
            RedisMode.Executable => false,
            _ => builder.ExecutionContext.IsPublishMode || containerRuntime,
        };
        if (container)
        {
            if (settings.Redis == RedisMode.Container && !containerRuntime && builder.ExecutionContext.IsRunMode)
            {
                throw new AppHostSettingsException(
                    $"Parameter '{AppHostSettings.RedisModeParameter}' is 'container', but no container engine answers ('docker info' failed): start one or use --Parameters:{AppHostSettings.RedisModeParameter}=auto.");
            }

            var redis = builder.AddRedis("redis", password: password).WithDataVolume().WithPersistence();
            return settings.FixedPorts && builder.ExecutionContext.IsRunMode ? redis.WithHostPort(6380) : redis;
        }

        return builder.AddRedisServer("redis", Path.Combine(settings.DataDirectory, "redis"), settings.FixedPorts ? 6380 : null, password);
    }

    /// <summary>
    /// Debian's redis-server as an executable resource, with AOF persistence in <paramref name="dataDirectory"/>,
    /// requiring <paramref name="password"/>. The password is written to a configuration file only the current user may
    /// read (<c>&lt;dataDirectory&gt;/auth.conf</c>, rewritten at every start), never put on the command line, where any
    /// local user could read it in the process list.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, int? port, IResourceBuilder<ParameterResource> password)
    {
        var binary = RedisServerBinary.Find() ?? throw new AppHostSettingsException(RedisServerBinary.MissingMessage);
        Directory.CreateDirectory(dataDirectory);

        var resource = new RedisServerResource(name, binary, dataDirectory, password.Resource);
        var healthCheck = $"{name}-ping";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheck,
            _ => new RedisPingHealthCheck(() => (resource.Endpoint.Host, resource.Endpoint.Port), password.Resource.GetValueAsync),
            failureStatus: null,
            tags: null));
        var authFile = Path.Combine(dataDirectory, "auth.conf");

        return builder.AddResource(resource)
            // redis-server listens itself, on the fixed port (6380 in development) or one Aspire picks: every command of
            // every service would otherwise pass through DCP's proxy.
            .WithEndpoint(RedisServerResource.EndpointName, endpoint =>
            {
                endpoint.UriScheme = "tcp";
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
            })
            .WithArgs(async context =>
            {
                await RedisAuthFile.WriteAsync(authFile, await password.Resource.GetValueAsync(context.CancellationToken));
                // A configuration file must be the first argument.
                context.Args.Add(authFile);
                context.Args.Add("--port");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var arg in new[]
                {
                    "--bind", "127.0.0.1", "--protected-mode", "yes",
                    "--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "everysec",
                    "--daemonize", "no", "--logfile", "",
                })
                {
                    context.Args.Add(arg);
                }
            })
            .WithHealthCheck(healthCheck);
    }
}
