using System.Text.Json;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// One run of a DAG as the history keeps it (Redis, <see cref="RunStore"/>): who or what started it and when, each
/// step's state, attempts, duration and error. Only the replica holding the DAG's lease writes it.
/// </summary>
public sealed class WorkflowRun
{
    public required string Id { get; init; }

    public required string Dag { get; init; }

    /// <summary><see cref="RunTriggers.Schedule"/> or <see cref="RunTriggers.Manual"/>.</summary>
    public required string Trigger { get; init; }

    /// <summary>The caller who asked for a manual run (its subject, or "anonymous"), or "schedule".</summary>
    public required string TriggeredBy { get; init; }

    public string Status { get; set; } = RunStatus.Queued;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public double? DurationMs { get; set; }

    /// <summary>How many times a replica started executing it: more than 1 means it was resumed after a stop.</summary>
    public int Executions { get; set; }

    /// <summary>Why it failed: the first failed step and its reason.</summary>
    public string? Error { get; set; }

    public List<StepRun> Steps { get; init; } = [];

    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed;

    public StepRun Step(string name) => Steps.First(s => s.Name == name);

    public static WorkflowRun Create(string id, IWorkflowDag dag, IReadOnlyList<WorkflowStep> order, string trigger, string by, DateTimeOffset now) => new()
    {
        Id = id,
        Dag = dag.Name,
        Trigger = trigger,
        TriggeredBy = by,
        CreatedAt = now,
        Steps = order.Select(s => new StepRun { Name = s.Name, DependsOn = [.. s.DependsOn] }).ToList(),
    };
}

public sealed class StepRun
{
    public required string Name { get; init; }

    public List<string> DependsOn { get; init; } = [];

    public string Status { get; set; } = StepStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public double? DurationMs { get; set; }

    /// <summary>The reason of the last failed attempt (or why the step was skipped).</summary>
    public string? Error { get; set; }

    /// <summary>Each failed attempt's reason, in order.</summary>
    public List<string> AttemptErrors { get; init; } = [];

    public string? Summary { get; set; }

    /// <summary>Where to see what the step produced (a Gateway-relative URL, e.g. the stored weekly review), if anything.</summary>
    public string? Link { get; set; }

    public JsonElement? Data { get; set; }
}

public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public static class StepStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

public static class RunTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
}
