using System.ComponentModel.DataAnnotations;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// The <c>Workflows</c> section: each DAG's schedule and step policy (<see cref="Dags"/>), and how runs are leased and kept.
/// Checked at start: an unknown DAG name or an invalid cron stops the service with a sentence naming the key.
/// </summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflows";

    /// <summary>Per DAG, by name (<c>source-sync</c>, <c>nightly-evaluation</c>, <c>weekly-review</c>, <c>retention</c>).</summary>
    public Dictionary<string, DagSettings> Dags { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a replica's hold on a DAG lasts without renewal; a killed replica's run is resumed after it.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often each replica looks for a run whose replica stopped (its lease lapsed) and resumes it.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A queued run that no worker has started after this long is started by the recovery.</summary>
    public TimeSpan QueuedGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many runs of each DAG the history keeps (older ones are dropped).</summary>
    [Range(1, 10_000)]
    public int HistoryLength { get; set; } = 100;

    /// <summary>How long one run's record is kept.</summary>
    public TimeSpan HistoryTtl { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Hangfire workers of this replica (one run occupies one).</summary>
    [Range(1, 32)]
    public int WorkerCount { get; set; } = 2;

    public DagSettings For(string dag) => Dags.TryGetValue(dag, out var settings) ? settings : new DagSettings();
}

/// <summary>One DAG's schedule and step policy.</summary>
public sealed class DagSettings
{
    /// <summary>Cron (5 fields, or 6 with seconds), UTC. Empty: manual runs only.</summary>
    public string? Cron { get; set; }

    /// <summary>False: no schedule (manual runs still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts of each step before it fails (1 = no retry).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; it doubles with each further attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest one attempt of a step may take.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many steps of one run may run at the same time (those whose dependencies all succeeded); 1 = one after the other.</summary>
    public int MaxParallelSteps { get; set; } = 4;
}
