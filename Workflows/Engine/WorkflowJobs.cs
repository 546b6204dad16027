using Hangfire;
using Hangfire.Server;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// The jobs Hangfire stores and runs. Hangfire's own retry is off: steps retry inside the run, and a job re-delivered
/// after a crash finds its run by id and resumes or ignores it.
/// </summary>
public sealed partial class WorkflowJobs(WorkflowRuns runs, RunStore store, WorkflowExecutor executor, WorkflowMetrics metrics, ILogger<WorkflowJobs> logger)
{
    /// <summary>A cron occurrence (a Hangfire recurring job). Its run id is the Hangfire job id.</summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("workflow {0} (schedule)")]
    public async Task RunScheduledAsync(string dag, PerformContext? context, CancellationToken cancellationToken)
    {
        var runId = context?.BackgroundJob.Id is { } jobId ? $"s-{jobId}" : WorkflowRuns.NewRunId(DateTimeOffset.UtcNow);
        if (await store.GetAsync(runId) is null)
        {
            var (run, active) = await runs.CreateAsync(dag, runId, RunTriggers.Schedule, RunTriggers.Schedule);
            if (run is null)
            {
                metrics.RunSkipped(dag);
                LogSkipped(dag, active!);
                return;
            }
        }

        await executor.ExecuteAsync(runId, cancellationToken);
    }

    /// <summary>A queued manual run.</summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("workflow run {0}")]
    public Task ExecuteAsync(string runId, CancellationToken cancellationToken) => executor.ExecuteAsync(runId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled run of workflow {Dag} skipped: run {ActiveRunId} is still active")]
    private partial void LogSkipped(string dag, string activeRunId);
}
