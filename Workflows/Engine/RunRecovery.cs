using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// Every <see cref="WorkflowOptions.RecoveryInterval"/>, each replica looks at each DAG's active run: when no replica
/// holds the DAG's lease (its holder was killed and the lease lapsed) and the run is running, or has been queued
/// longer than <see cref="WorkflowOptions.QueuedGrace"/>, it resumes it here. Steps that succeeded are kept, so
/// nothing finished is done twice; the lease makes sure only one replica resumes it.
/// </summary>
public sealed partial class RunRecovery(
    DagRegistry dags, RunStore store, DagLease lease, WorkflowExecutor executor, IOptions<WorkflowOptions> options,
    TimeProvider clock, ILogger<RunRecovery> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _resuming = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecoveryInterval, clock);
        do
        {
            foreach (var dag in dags.Names)
            {
                try
                {
                    await CheckAsync(dag, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckFailed(ex, dag);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));

        await Task.WhenAll(_resuming.Values);
    }

    private async Task CheckAsync(string dag, CancellationToken stoppingToken)
    {
        if (_resuming.TryGetValue(dag, out var busy) && !busy.IsCompleted)
        {
            return;
        }

        if (await store.ActiveRunIdAsync(dag) is not { } runId || await lease.HolderAsync(dag) is not null)
        {
            return;
        }

        var run = await store.GetAsync(runId);
        if (run is null || run.IsFinished)
        {
            // The run expired from the history, or finished between its save and freeing the DAG.
            await store.ClearActiveAsync(dag, runId);
            return;
        }

        var orphaned = run.Status == RunStatus.Running
                       || clock.GetUtcNow() - run.CreatedAt > options.Value.QueuedGrace;
        if (orphaned)
        {
            LogResuming(dag, runId, run.Status);
            _resuming[dag] = Task.Run(async () =>
            {
                try
                {
                    await executor.ExecuteAsync(runId, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckFailed(ex, dag);
                }
            }, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Dag} run {RunId} ({Status}) has no live holder: resuming it here")]
    private partial void LogResuming(string dag, string runId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery check of workflow {Dag} failed; trying again at the next interval")]
    private partial void LogCheckFailed(Exception exception, string dag);
}
