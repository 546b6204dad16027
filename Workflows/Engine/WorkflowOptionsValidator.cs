using Microsoft.Extensions.Options;

namespace Switchboard.Workflows.Engine;

/// <summary>Refuses a configuration naming a DAG that does not exist, an invalid cron, or lease timings that cannot work.</summary>
public sealed class WorkflowOptionsValidator(DagRegistry dags) : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        var errors = new List<string>();
        foreach (var (dag, settings) in options.Dags)
        {
            var key = $"{WorkflowOptions.SectionName}:Dags:{dag}";
            if (!dags.Contains(dag))
            {
                errors.Add($"{key}: there is no DAG named '{dag}' (known: {string.Join(", ", dags.Names)}).");
                continue;
            }

            if (!string.IsNullOrWhiteSpace(settings.Cron) && !CronSchedule.TryParse(settings.Cron, out _, out var error))
            {
                errors.Add($"{key}:Cron '{settings.Cron}' is not a valid cron expression ({error}). Use 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. '0 2 * * *'.");
            }

            if (settings.MaxAttempts is < 1 or > 20)
            {
                errors.Add($"{key}:MaxAttempts must be between 1 and 20.");
            }

            if (settings.RetryDelay < TimeSpan.Zero)
            {
                errors.Add($"{key}:RetryDelay must not be negative.");
            }

            if (settings.StepTimeout <= TimeSpan.Zero)
            {
                errors.Add($"{key}:StepTimeout must be positive.");
            }

            if (settings.MaxParallelSteps is < 1 or > 32)
            {
                errors.Add($"{key}:MaxParallelSteps must be between 1 and 32.");
            }
        }

        if (options.LeaseTtl < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{WorkflowOptions.SectionName}:LeaseTtl must be at least 1 second.");
        }

        if (options.RecoveryInterval <= TimeSpan.Zero)
        {
            errors.Add($"{WorkflowOptions.SectionName}:RecoveryInterval must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
