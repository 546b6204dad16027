using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Engine;

/// <summary>The executor's scheduling of a run's steps and the execution of one step with its retries and timeout.</summary>
public sealed partial class WorkflowExecutor
{
    /// <summary>
    /// Runs every step that has not succeeded yet: a step starts as soon as all its dependencies succeeded in this run,
    /// next to the others that are ready, at most <see cref="DagSettings.MaxParallelSteps"/> at once; a step one of whose
    /// dependencies failed (or was skipped) is skipped, so a failure stops only what depends on it. A step left
    /// "running" or "failed" by an interrupted execution counts as undecided until it has run again here. If one step's
    /// execution is interrupted (stopping, lease lost, Redis gone), the others are cancelled and awaited before it returns.
    /// </summary>
    private async Task RunReadyStepsAsync(RunJournal journal, DagSettings settings, CancellationToken cancellationToken)
    {
        var run = journal.Run;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waiting = dags.Order(run.Dag).Where(s => run.Step(s.Name).Status != StepStatus.Succeeded).ToList();
        var undecided = waiting.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var running = new Dictionary<Task, WorkflowStep>();
        Exception? interruption = null;
        while (waiting.Count > 0 || running.Count > 0)
        {
            // In topological order, so skipping a step skips its dependents in the same pass.
            var candidates = interruption is null ? waiting.ToList() : new List<WorkflowStep>();
            foreach (var step in candidates)
            {
                if (step.DependsOn.Any(undecided.Contains))
                {
                    continue;
                }

                var state = run.Step(step.Name);
                var blocker = step.DependsOn.Select(run.Step).FirstOrDefault(d => d.Status != StepStatus.Succeeded);
                if (blocker is not null)
                {
                    waiting.Remove(step);
                    undecided.Remove(step.Name);
                    await journal.UpdateAsync(() =>
                    {
                        state.Status = StepStatus.Skipped;
                        state.Error = $"not run: step '{blocker.Name}' {blocker.Status}";
                    });
                }
                else if (running.Count < settings.MaxParallelSteps)
                {
                    waiting.Remove(step);
                    running.Add(RunStepAsync(journal, step, state, settings, stop.Token), step);
                }
            }

            if (running.Count == 0)
            {
                break; // everything decided, or interrupted and nothing left running
            }

            var finished = await Task.WhenAny(running.Keys);
            undecided.Remove(running[finished].Name);
            running.Remove(finished);
            if (!finished.IsCompletedSuccessfully)
            {
                var reason = finished.Exception?.InnerException ?? new OperationCanceledException(cancellationToken);
                if (interruption is null or OperationCanceledException)
                {
                    interruption = reason;
                }

                await stop.CancelAsync();
            }
        }

        if (interruption is not null)
        {
            ExceptionDispatchInfo.Throw(interruption);
        }

        if (waiting.Count > 0)
        {
            throw new InvalidOperationException($"Workflow {run.Dag}: steps {string.Join(", ", waiting.Select(s => s.Name))} could not be scheduled.");
        }
    }

    private async Task RunStepAsync(RunJournal journal, WorkflowStep step, StepRun state, DagSettings settings, CancellationToken cancellationToken)
    {
        var run = journal.Run;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, settings.MaxAttempts - 1),
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                MaxDelay = TimeSpan.FromMinutes(5),
                ShouldHandle = args => ValueTask.FromResult(
                    settings.MaxAttempts > 1
                    && args.Outcome.Exception is { } ex
                    && ex is not PermanentStepException
                    && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested)),
            })
            .AddTimeout(settings.StepTimeout)
            .Build();

        // Yield first: the scheduler starts the other ready steps while this one runs.
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        await journal.UpdateAsync(() =>
        {
            state.StartedAt = startedAt;
            state.Error = null;
        });
        try
        {
            var result = await pipeline.ExecuteAsync(
                async token =>
                {
                    await journal.UpdateAsync(() =>
                    {
                        state.Attempts++;
                        state.Status = StepStatus.Running;
                    });
                    try
                    {
                        return await step.Run(new StepContext(run, step.Name, state.Attempts), token);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                    {
                        var reason = Describe(ex, token, settings.StepTimeout);
                        await journal.UpdateAsync(() =>
                        {
                            state.AttemptErrors.Add($"attempt {state.Attempts}: {reason}");
                            state.Error = reason;
                        });
                        metrics.StepAttemptFailed(run.Dag, step.Name);
                        LogAttemptFailed(run.Dag, run.Id, step.Name, state.Attempts, reason);
                        throw;
                    }
                },
                cancellationToken);
            var data = result.Data is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(result.Data, SwitchboardJson.Options);
            await journal.UpdateAsync(() =>
            {
                state.Status = StepStatus.Succeeded;
                state.Error = null;
                state.Summary = result.Summary;
                state.Link = result.Link;
                state.Data = data;
                Finish(state, started);
            });
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await journal.UpdateAsync(() =>
            {
                state.Status = StepStatus.Failed;
                state.Error ??= Describe(ex, CancellationToken.None, settings.StepTimeout);
                Finish(state, started);
            });
        }
    }

    private void Finish(StepRun state, long started)
    {
        state.FinishedAt = clock.GetUtcNow();
        state.DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string Describe(Exception ex, CancellationToken attempt, TimeSpan timeout) => ex switch
    {
        TimeoutRejectedException => $"timed out after {timeout}",
        OperationCanceledException when attempt.IsCancellationRequested => $"timed out after {timeout}",
        HttpRequestException http => http.StatusCode is { } status ? $"HTTP {(int)status}: {http.Message}" : $"not reachable: {http.Message}",
        _ => ex.Message,
    };
}
