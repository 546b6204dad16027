using Hangfire;
using Microsoft.Extensions.Options;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// At start, makes Hangfire's recurring jobs (kept in Redis, shared by the replicas, each occurrence enqueued once)
/// match the configuration: one per DAG with an enabled cron, none for the others. Redis away at start: tried again
/// every few seconds (the API and /health work meanwhile).
/// </summary>
public sealed partial class ScheduleRegistration(
    DagRegistry dags, IRecurringJobManager recurring, IOptions<WorkflowOptions> options, ILogger<ScheduleRegistration> logger) : BackgroundService
{
    public static string RecurringJobId(string dag) => $"workflow:{dag}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Register();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRegistrationFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private void Register()
    {
        foreach (var dag in dags.Names)
        {
            var settings = options.Value.For(dag);
            if (settings.Enabled && !string.IsNullOrWhiteSpace(settings.Cron))
            {
                recurring.AddOrUpdate<WorkflowJobs>(
                    RecurringJobId(dag),
                    job => job.RunScheduledAsync(dag, null, CancellationToken.None),
                    settings.Cron.Trim(),
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                LogScheduled(dag, settings.Cron);
            }
            else
            {
                recurring.RemoveIfExists(RecurringJobId(dag));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Dag} scheduled: {Cron} (UTC)")]
    private partial void LogScheduled(string dag, string cron);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the workflow schedules failed (Redis?); trying again in 5 s")]
    private partial void LogRegistrationFailed(Exception exception);
}
