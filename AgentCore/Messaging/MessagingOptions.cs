namespace Switchboard.AgentCore.Messaging;

/// <summary>Stream-wide settings, bound from the <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>
    /// Approximate cap of every stream (XADD MAXLEN ~): a safety net for a consumer group that stops acknowledging, since
    /// entries past it are dropped whether handled or not. Normally <see cref="AcknowledgedStreamTrimmer"/> keeps each
    /// stream down to what some group still has to handle, far below the cap.
    /// </summary>
    public long MaxStreamLength { get; set; } = 1_000_000;

    /// <summary>How often each consuming process trims its streams to the oldest entry a group still needs.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each consumer samples its stream's length, its group's lag and pending count, and the DLQ depth.</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Settings of one consumer group, bound from <c>Messaging:Consumers:&lt;stream&gt;</c> (for example
/// <c>Messaging:Consumers:sb:ingest:ClaimIdleTime</c>).
/// </summary>
public sealed class StreamConsumerOptions
{
    /// <summary>Entries read (or recovered from a stopped consumer) per step.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Delay between polls when the stream had nothing new (the client has no blocking read).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// An entry pending this long at a consumer that is still alive (it heartbeats) is taken over by another consumer,
    /// for a consumer that hangs. Must exceed the longest handler run. Entries of a consumer whose heartbeat stopped are
    /// taken over without waiting for it (see <see cref="HeartbeatTtl"/>).
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often to look for idle pending entries (XAUTOCLAIM).</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many deliveries an entry moves to the dead-letter stream.</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>How long the processed-event marker (the idempotency record) is kept.</summary>
    public TimeSpan ProcessedMarkerTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a consumer refreshes its liveness key (<c>sb:consumers:&lt;stream&gt;:&lt;group&gt;:&lt;consumer&gt;</c>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Lifetime of the liveness key. A consumer whose key has expired (and that has not talked to the group for as long)
    /// is dead: its pending entries are claimed at once by a live consumer and it is removed from the group. At least
    /// twice <see cref="HeartbeatInterval"/>; longer tolerates longer stalls (GC, a slow Redis) before a live consumer is
    /// mistaken for a dead one.
    /// </summary>
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a consumer looks for consumers of its group whose heartbeat stopped (also once at start).</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What is wrong with these settings, each naming its key under <paramref name="section"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{section}:{name} must be positive (got {value}).");
            }
        }

        if (BatchSize is < 1 or > 1000)
        {
            errors.Add($"{section}:BatchSize must be 1..1000 (got {BatchSize}).");
        }

        if (MaxDeliveries < 1)
        {
            errors.Add($"{section}:MaxDeliveries must be at least 1 (got {MaxDeliveries}).");
        }

        Positive(PollInterval, nameof(PollInterval));
        Positive(ClaimIdleTime, nameof(ClaimIdleTime));
        Positive(ClaimInterval, nameof(ClaimInterval));
        Positive(ProcessedMarkerTtl, nameof(ProcessedMarkerTtl));
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(RecoveryInterval, nameof(RecoveryInterval));
        if (HeartbeatTtl < HeartbeatInterval * 2 || HeartbeatTtl < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{section}:HeartbeatTtl must be at least twice {section}:HeartbeatInterval and at least 100 ms " +
                       $"(got {HeartbeatTtl} with an interval of {HeartbeatInterval}).");
        }

        return errors;
    }
}
