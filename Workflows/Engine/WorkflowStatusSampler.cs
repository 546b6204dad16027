using Microsoft.Extensions.Options;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// Every 15 s, reads each DAG's last finished run from the history into <see cref="WorkflowMetrics"/>, so every replica
/// reports <c>switchboard_workflow_last_run_failed</c> the same (whichever ran it) and a scrape never waits on Redis.
/// </summary>
public sealed partial class WorkflowStatusSampler(
    DagRegistry dags, RunStore store, WorkflowMetrics metrics, IOptions<WorkflowOptions> options, TimeProvider clock,
    ILogger<WorkflowStatusSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var dag in dags.Names)
        {
            metrics.LastRun(dag, failed: false);
        }

        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            foreach (var dag in dags.Names)
            {
                try
                {
                    var last = (await store.RecentAsync(dag, Math.Min(5, options.Value.HistoryLength))).FirstOrDefault(r => r.IsFinished);
                    metrics.LastRun(dag, last?.Status == RunStatus.Failed);
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    LogSampleFailed(ex, dag);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the last run of workflow {Dag} failed; keeping the last known state")]
    private partial void LogSampleFailed(Exception exception, string dag);
}
