using System.Diagnostics;

namespace Switchboard.Gateway.Asking;

/// <summary>Milliseconds spent per stage of one question ("screen", "route", one per agent, "review", "total").</summary>
/// <param name="onStart">Told the name of each stage <see cref="TimeAsync{T}"/> starts (a streaming client's progress).</param>
public sealed class StageTimings(Action<string>? onStart = null)
{
    private readonly Dictionary<string, double> _milliseconds = [];

    public async Task<T> TimeAsync<T>(string stage, Func<Task<T>> run)
    {
        onStart?.Invoke(stage);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await run();
        }
        finally
        {
            Add(stage, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Adds to the stage, so two review passes count as one "review" stage.</summary>
    public void Add(string stage, TimeSpan elapsed) =>
        _milliseconds[stage] = _milliseconds.GetValueOrDefault(stage) + elapsed.TotalMilliseconds;

    public IReadOnlyDictionary<string, double> Snapshot() =>
        _milliseconds.ToDictionary(pair => pair.Key, pair => Math.Round(pair.Value, 1));
}
