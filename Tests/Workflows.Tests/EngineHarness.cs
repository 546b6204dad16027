using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Tests;

/// <summary>A DAG made of the steps a test gives.</summary>
public sealed class TestDag(string name, params WorkflowStep[] steps) : IWorkflowDag
{
    public string Name => name;

    public string Description => "test";

    public IReadOnlyList<WorkflowStep> Steps => steps;
}

public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>
/// One "replica" of the engine in process: its own Redis connection, registry, history, lease and executor, as a
/// workflow service process has them (without Hangfire, which only delivers run ids to <see cref="WorkflowExecutor"/>).
/// </summary>
public sealed class EngineReplica : IAsyncDisposable
{
    public EngineReplica(string redis, WorkflowOptions options, params IWorkflowDag[] dags)
    {
        Redis = ConnectionMultiplexer.Connect(redis);
        Registry = new DagRegistry(dags);
        Store = new RunStore(Redis, Options.Create(options));
        Lease = new DagLease(Redis);
        Executor = new WorkflowExecutor(Registry, Store, Lease, new FixedOptionsMonitor<WorkflowOptions>(options), new WorkflowMetrics(),
            TimeProvider.System, NullLogger<WorkflowExecutor>.Instance);
    }

    public ConnectionMultiplexer Redis { get; }

    public DagRegistry Registry { get; }

    public RunStore Store { get; }

    public DagLease Lease { get; }

    public WorkflowExecutor Executor { get; }

    /// <summary>Creates a run as <see cref="WorkflowRuns"/> does; null when the DAG already has an active run.</summary>
    public async Task<WorkflowRun?> CreateRunAsync(string dag)
    {
        var definition = Registry.Find(dag)!;
        var run = WorkflowRun.Create(WorkflowRuns.NewRunId(DateTimeOffset.UtcNow), definition, Registry.Order(dag), RunTriggers.Manual, "test", DateTimeOffset.UtcNow);
        return await Store.TryCreateAsync(run) is null ? run : null;
    }

    public async ValueTask DisposeAsync() => await Redis.DisposeAsync();
}
