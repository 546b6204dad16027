using Hangfire;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Switchboard.Workflows.Engine;

public static class WorkflowsExtensions
{
    /// <summary>
    /// The engine: Hangfire on its Redis storage (recurring jobs from the configured cron, the queue of runs, workers),
    /// and the DAG layer over it (registry, run history, leases, executor, recovery). Needs the Redis client; the DAGs
    /// are registered as <see cref="IWorkflowDag"/>.
    /// </summary>
    public static IHostApplicationBuilder AddWorkflowEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DagRegistry>();
        builder.Services.AddSingleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>();
        builder.Services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<DagLease>();
        builder.Services.AddSingleton<WorkflowMetrics>();
        builder.Services.AddSingleton<WorkflowExecutor>();
        builder.Services.AddSingleton<WorkflowRuns>();
        builder.Services.AddTransient<WorkflowJobs>();

        builder.Services.AddHangfire((services, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseRedisStorage(services.GetRequiredService<IConnectionMultiplexer>(), new RedisStorageOptions { Prefix = "sb:hangfire:" }));
        builder.Services.AddHangfireServer((services, server) =>
        {
            var options = services.GetRequiredService<IOptions<WorkflowOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        builder.Services.AddHostedService<ScheduleRegistration>();
        builder.Services.AddHostedService<RunRecovery>();
        builder.Services.AddHostedService<WorkflowStatusSampler>();
        return builder;
    }
}
