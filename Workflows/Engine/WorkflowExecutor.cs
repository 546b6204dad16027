using Microsoft.Extensions.Options;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// Executes (or resumes) one run: takes the DAG's lease, runs the steps whose dependencies
/// succeeded (side by side, bounded), each with its retries with exponential backoff and its timeout (Polly), skips the
/// dependents of a failed step, and saves the run after every change so the history shows where it is. A step that already succeeded is never run again, so a run resumed after
/// a crash continues where it stopped. Returns false when another replica holds the DAG.
/// </summary>
public sealed partial class WorkflowExecutor(
    DagRegistry dags,
    RunStore store,
    DagLease lease,
    IOptionsMonitor<WorkflowOptions> options,
    WorkflowMetrics metrics,
    TimeProvider clock,
    ILogger<WorkflowExecutor> logger)
{
    /// <summary>This replica's name on the leases it holds.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<bool> ExecuteAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await store.GetAsync(runId);
        if (run is null || run.IsFinished)
        {
            return run is not null;
        }

        var dag = run.Dag;
        var ttl = options.CurrentValue.LeaseTtl;
        if (!await lease.TryAcquireAsync(dag, Holder, ttl))
        {
            LogLeaseHeld(dag, runId);
            return false;
        }

        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var renewalStop = new CancellationTokenSource();
        var renewal = RenewAsync(dag, ttl, leaseLost, renewalStop.Token);
        try
        {
            // Read again under the lease: another replica may have finished it meanwhile.
            run = await store.GetAsync(runId);
            if (run is null || run.IsFinished)
            {
                return run is not null;
            }

            await RunStepsAsync(run, leaseLost.Token);
            return true;
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            // Stopping, or the lease was lost: the run stays "running" and whoever holds the lease next resumes it.
            LogInterrupted(dag, runId);
            return false;
        }
        finally
        {
            await renewalStop.CancelAsync();
            await renewal;
            await lease.ReleaseAsync(dag, Holder);
        }
    }

    private async Task RunStepsAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        using var journal = new RunJournal(store, run);
        var now = clock.GetUtcNow();
        await journal.UpdateAsync(() =>
        {
            run.Status = RunStatus.Running;
            run.StartedAt ??= now;
            run.Executions++;
            // A run recorded before the DAG gained a step (an upgrade mid-run) gets it as pending.
            foreach (var step in dags.Order(run.Dag).Where(s => !run.Steps.Exists(r => r.Name == s.Name)))
            {
                run.Steps.Add(new StepRun { Name = step.Name, DependsOn = [.. step.DependsOn] });
            }
        });
        if (run.Executions > 1)
        {
            LogResumed(run.Dag, run.Id, run.Executions);
        }

        await RunReadyStepsAsync(journal, options.CurrentValue.For(run.Dag), cancellationToken);

        var failed = run.Steps.FirstOrDefault(s => s.Status == StepStatus.Failed);
        run.Status = failed is null ? RunStatus.Succeeded : RunStatus.Failed;
        run.Error = failed is null ? null : $"step '{failed.Name}' failed: {failed.Error}";
        run.FinishedAt = clock.GetUtcNow();
        run.DurationMs = (run.FinishedAt.Value - run.StartedAt!.Value).TotalMilliseconds;
        await store.CompleteAsync(run);
        metrics.RunFinished(run.Dag, run.Status, run.FinishedAt.Value - run.StartedAt.Value);
        LogFinished(run.Dag, run.Id, run.Status, run.DurationMs.Value, run.Error);
    }

    private async Task RenewAsync(string dag, TimeSpan ttl, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        var interval = ttl / 3;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, clock, stop);
                bool renewed;
                try
                {
                    renewed = await lease.RenewAsync(dag, Holder, ttl);
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // Redis away for a moment: keep going while the lease may still be ours; the next renewal decides.
                    LogRenewFailed(ex, dag);
                    continue;
                }

                if (!renewed)
                {
                    LogLeaseLost(dag);
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Dag} run {RunId}: another replica holds the DAG; not started here")]
    private partial void LogLeaseHeld(string dag, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Dag} run {RunId} interrupted (stopping or lease lost); the next holder of the lease resumes it")]
    private partial void LogInterrupted(string dag, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Dag} run {RunId} resumed (execution {Execution}): finished steps are kept")]
    private partial void LogResumed(string dag, string runId, int execution);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Dag} run {RunId} {Status} in {DurationMs:F0} ms {Error}")]
    private partial void LogFinished(string dag, string runId, string status, double durationMs, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Dag} run {RunId}: step {Step} attempt {Attempt} failed: {Reason}")]
    private partial void LogAttemptFailed(string dag, string runId, string step, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of workflow {Dag} failed; trying again")]
    private partial void LogRenewFailed(Exception exception, string dag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {Dag}: the lease was lost (another replica took it); stopping this execution")]
    private partial void LogLeaseLost(string dag);
}
