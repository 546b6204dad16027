using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Switchboard.Tools.Tests.Support;

/// <summary>
/// A fake clock that also records the due time of every timer created on it, so a test can wait until the pipeline
/// has actually started waiting (e.g. a 2 s Retry-After delay) before it moves the clock — no race with the timer's
/// creation, and the exact delay is visible.
/// </summary>
public sealed class RecordingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _timers = new();

    public FakeTimeProvider Clock { get; } = new(start);

    public IReadOnlyList<TimeSpan> TimerDueTimes => [.. _timers];

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    public override long GetTimestamp() => Clock.GetTimestamp();

    public override long TimestampFrequency => Clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Clock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Created first, recorded second: once a test sees the due time, advancing the clock will fire the timer.
        var timer = Clock.CreateTimer(callback, state, dueTime, period);
        _timers.Enqueue(dueTime);
        return timer;
    }
}
