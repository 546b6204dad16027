using StackExchange.Redis;

namespace Switchboard.AgentCore.Messaging;

/// <summary>
/// Where a stream consumer proves it is alive: a key per stream, group and consumer that the consumer refreshes every
/// <see cref="StreamConsumerOptions.HeartbeatInterval"/> with a lifetime of <see cref="StreamConsumerOptions.HeartbeatTtl"/>.
/// A consumer of the group without this key has stopped (killed, crashed, or shut down).
/// </summary>
public static class ConsumerHeartbeat
{
    public const string KeyPrefix = "sb:consumers:";

    /// <summary><c>sb:consumers:&lt;stream&gt;:&lt;group&gt;:&lt;consumer&gt;</c>, e.g. <c>sb:consumers:sb:ingest:retrieval:host-4711-a1b2c3</c>.</summary>
    public static string Key(string stream, string group, string consumer) => $"{KeyPrefix}{stream}:{group}:{consumer}";
}

/// <summary>One consumer of a group as Redis lists it (XINFO CONSUMERS), with whether its heartbeat is alive.</summary>
/// <param name="Idle">Time since the consumer last read or claimed.</param>
public sealed record ConsumerState(string Name, long PendingCount, TimeSpan Idle, bool Alive);

/// <summary>The consumers of one group at one moment.</summary>
public sealed record ConsumerGroupState(string Stream, string Group, IReadOnlyList<ConsumerState> Consumers)
{
    /// <summary>At least one consumer of the group heartbeats, so work of a stopped one is taken over within seconds.</summary>
    public bool AnyAlive => Consumers.Any(c => c.Alive);

    /// <summary>Consumers whose heartbeat stopped while they still hold pending entries: that work waits for recovery.</summary>
    public IEnumerable<ConsumerState> StoppedWithPendingWork => Consumers.Where(c => !c.Alive && c.PendingCount > 0);
}

/// <summary>Reads the liveness of a consumer group and the entries its consumers hold (for status pages and tests).</summary>
public sealed class ConsumerGroupMonitor(IConnectionMultiplexer redis)
{
    /// <summary>The group's consumers and their heartbeats; an empty list when the stream or the group does not exist.</summary>
    public async Task<ConsumerGroupState> GetAsync(string stream, string group)
    {
        var db = redis.GetDatabase();
        StreamConsumerInfo[] consumers;
        try
        {
            consumers = await db.StreamConsumerInfoAsync(stream, group);
        }
        catch (RedisServerException ex) when (IsMissingStreamOrGroup(ex))
        {
            return new ConsumerGroupState(stream, group, []);
        }

        var alive = await Task.WhenAll(consumers.Select(c => db.KeyExistsAsync(ConsumerHeartbeat.Key(stream, group, c.Name!))));
        return new ConsumerGroupState(stream, group, consumers
            .Select((c, i) => new ConsumerState(c.Name!, c.PendingMessageCount, TimeSpan.FromMilliseconds(c.IdleTimeInMilliseconds), alive[i]))
            .ToList());
    }

    /// <summary>Up to <paramref name="count"/> entries pending at <paramref name="consumer"/>, oldest first (trimmed ones left out).</summary>
    public async Task<IReadOnlyList<StreamEntry>> PendingEntriesAsync(string stream, string group, string consumer, int count)
    {
        var db = redis.GetDatabase();
        var pending = await db.StreamPendingMessagesAsync(stream, group, count, consumer);
        var entries = await Task.WhenAll(pending.Select(p => db.StreamRangeAsync(stream, p.MessageId, p.MessageId, 1)));
        return entries.SelectMany(e => e).ToList();
    }

    /// <summary>XINFO/XPENDING on a stream that does not exist ("ERR no such key") or a group that does not ("NOGROUP").</summary>
    internal static bool IsMissingStreamOrGroup(RedisServerException ex) =>
        ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal) || ex.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase);
}
