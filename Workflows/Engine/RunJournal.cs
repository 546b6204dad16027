namespace Switchboard.Workflows.Engine;

/// <summary>
/// The one writer of a run while it executes. Steps of a run may run at the same time (<see cref="DagSettings.MaxParallelSteps"/>),
/// and each changes its own <see cref="StepRun"/>; every change and the save of the whole run that follows it happen under
/// one lock, so a save never serializes a step half-changed and an older snapshot never overwrites a newer one.
/// </summary>
public sealed class RunJournal(RunStore store, WorkflowRun run) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public WorkflowRun Run { get; } = run;

    /// <summary>Applies <paramref name="change"/> (if any) and saves the run.</summary>
    public async Task UpdateAsync(Action? change = null)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            change?.Invoke();
            await store.SaveAsync(Run);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
