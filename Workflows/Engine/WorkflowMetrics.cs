using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Engine;

/// <summary>Runs by outcome, run durations and failed step attempts (docs/metrics.md, "Workflows").</summary>
public sealed class WorkflowMetrics
{
    private readonly ConcurrentDictionary<string, int> _lastRunFailed = new(StringComparer.Ordinal);

    public WorkflowMetrics()
    {
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.workflow.last_run_failed",
            () => _lastRunFailed.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("dag", p.Key))),
            "{run}", "1 when the DAG's last finished run failed, 0 when it succeeded or none has finished (every replica reports it)");
    }

    /// <summary>What the last finished run of <paramref name="dag"/> was (kept fresh by <see cref="WorkflowStatusSampler"/>).</summary>
    public void LastRun(string dag, bool failed) => _lastRunFailed[dag] = failed ? 1 : 0;

    private readonly Counter<long> _runs = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.workflow.runs", "{run}", "Workflow runs finished (succeeded, failed) or scheduled occurrences skipped because a run was active");

    private readonly Histogram<double> _duration = SwitchboardTelemetry.Meter.CreateHistogram<double>(
        "switchboard.workflow.run.duration", "s", "Start to end of one workflow run",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] });

    private readonly Counter<long> _stepFailures = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.workflow.step.failures", "{attempt}", "Failed attempts of workflow steps (a retried attempt counts too)");

    public void RunFinished(string dag, string status, TimeSpan duration)
    {
        _runs.Add(1, new("dag", dag), new("status", status));
        LastRun(dag, status == RunStatus.Failed);
        _duration.Record(duration.TotalSeconds, new("dag", dag), new("status", status));
    }

    public void RunSkipped(string dag) => _runs.Add(1, new("dag", dag), new("status", "skipped"));

    public void StepAttemptFailed(string dag, string step) => _stepFailures.Add(1, new("dag", dag), new("step", step));
}
