using Hangfire;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// Starts runs: creates the run in the history (refused while the DAG has an active run) and hands it to Hangfire's
/// queue in Redis, from which any replica's worker executes it. The one place a run is created.
/// </summary>
public sealed class WorkflowRuns(DagRegistry dags, RunStore store, IBackgroundJobClient jobs, TimeProvider clock)
{
    public static string NewRunId(DateTimeOffset now) => $"{now:yyyyMMddTHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A manual run: queued for a worker. Returns the run, or the id of the run that is already active.</summary>
    public async Task<(WorkflowRun? Run, string? ActiveRunId)> TriggerAsync(string dagName, string triggeredBy)
    {
        var (run, active) = await CreateAsync(dagName, NewRunId(clock.GetUtcNow()), RunTriggers.Manual, triggeredBy);
        if (run is not null)
        {
            jobs.Enqueue<WorkflowJobs>(job => job.ExecuteAsync(run.Id, CancellationToken.None));
        }

        return (run, active);
    }

    /// <summary>Creates a run with the given id (a scheduled occurrence's job id, so a re-delivered job finds its run).</summary>
    public async Task<(WorkflowRun? Run, string? ActiveRunId)> CreateAsync(string dagName, string runId, string trigger, string triggeredBy)
    {
        var dag = dags.Find(dagName) ?? throw new ArgumentException($"There is no DAG named '{dagName}'.", nameof(dagName));
        var run = WorkflowRun.Create(runId, dag, dags.Order(dag.Name), trigger, triggeredBy, clock.GetUtcNow());
        var active = await store.TryCreateAsync(run);
        return active is null ? (run, null) : (null, active);
    }
}
