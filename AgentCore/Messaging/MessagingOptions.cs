namespace Switchboard.AgentCore.Messaging;

/// <summary>Stream-wide settings, bound from the <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Approximate cap of every stream (XADD MAXLEN ~).</summary>
    public long MaxStreamLength { get; set; } = 100_000;
}

/// <summary>
/// Settings of one consumer group, bound from <c>Messaging:Consumers:&lt;stream&gt;</c> (for example
/// <c>Messaging:Consumers:sb:ingest:ClaimIdleTime</c>).
/// </summary>
public sealed class StreamConsumerOptions
{
    /// <summary>Entries read per poll.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Delay between polls when the stream had nothing new (the client has no blocking read).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>An entry pending this long is taken over by another consumer. Must exceed the longest handler run.</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often to look for idle pending entries (XAUTOCLAIM).</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many deliveries an entry moves to the dead-letter stream.</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>How long the processed-event marker (the idempotency record) is kept.</summary>
    public TimeSpan ProcessedMarkerTtl { get; set; } = TimeSpan.FromDays(7);
}
