using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

/// <summary>
/// Reads one stream through a named consumer group and hands each event to <typeparamref name="THandler"/>.
/// At least once: an entry is acknowledged only after its handler returned and the processed marker is written;
/// a failed or abandoned entry stays pending, and after <see cref="StreamConsumerOptions.MaxDeliveries"/> deliveries
/// is moved to <c>&lt;stream&gt;:dlq</c>.
/// <para>
/// Pending entries are taken over in two ways. A consumer heartbeats (<see cref="ConsumerHeartbeat"/>); at start and
/// every <see cref="StreamConsumerOptions.RecoveryInterval"/> it looks at the group's consumers, and one without a
/// heartbeat (and silent for as long as a heartbeat lives) is dead: its pending entries are claimed at once, atomically
/// (so two live consumers never both take one), and the dead consumer is removed from the group once it holds nothing.
/// A consumer that is alive but hangs keeps its entries until they have been idle for
/// <see cref="StreamConsumerOptions.ClaimIdleTime"/> (XAUTOCLAIM), as before.
/// </para>
/// </summary>
internal sealed class StreamConsumer<TEvent, THandler>(
    string stream,
    string group,
    StreamConsumerOptions options,
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    ILogger<StreamConsumer<TEvent, THandler>> logger) : BackgroundService
    where TEvent : IntegrationEvent
    where THandler : class, IEventHandler<TEvent>
{
    private static readonly Counter<long> Consumed = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.events.consumed", "{event}", "Events handled and acknowledged");
    private static readonly Counter<long> Failed = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.events.failed", "{event}", "Handler runs that threw; the entry stays pending for a retry");
    private static readonly Counter<long> DeadLettered = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.events.dead_lettered", "{event}", "Events moved to a dead-letter stream");
    private static readonly Counter<long> Recovered = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.events.recovered", "{event}", "Pending entries taken over from a consumer whose heartbeat stopped");

    // Takes over the entries of one consumer, atomically: nothing if its heartbeat is alive ({0}); if it holds nothing,
    // removes it from the group ({1}); otherwise claims up to ARGV[4] of its entries for ARGV[3] and returns
    // {2, ids, delivery counts after this claim, claimed entries}. Atomic, so two consumers recovering the same dead one
    // never both claim an entry (XCLAIM with min-idle 0 would otherwise let the second steal it from the first).
    // KEYS: stream, the dead consumer's heartbeat key. ARGV: group, dead consumer, claiming consumer, count.
    private const string RecoverScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return {0} end
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', tonumber(ARGV[4]), ARGV[2])
        if #pending == 0 then
          redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
          return {1}
        end
        local ids = {}
        local counts = {}
        for i, p in ipairs(pending) do
          ids[i] = p[1]
          counts[i] = p[4] + 1
        end
        local claimed = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, unpack(ids))
        return {2, ids, counts, claimed}
        """;

    // On a clean stop: leaves the group if nothing is pending at this consumer (otherwise the entries stay for the
    // others to recover, which they do at once because the heartbeat is gone). KEYS: stream. ARGV: group, consumer.
    private const string RetireScript = """
        if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) > 0 then return 0 end
        redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;

    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly KeyValuePair<string, object?>[] _tags = [new("stream", stream), new("group", group)];

    public string ConsumerName => _consumer;

    private string HeartbeatKey => ConsumerHeartbeat.Key(stream, group, _consumer);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureGroupAsync(stoppingToken);
        using var heartbeat = await HeartbeatLoop.StartAsync(
            redis, HeartbeatKey, $"{Environment.MachineName} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:O}",
            options.HeartbeatInterval, options.HeartbeatTtl, logger, stoppingToken);
        try
        {
            await JoinGroupAsync();
            logger.LogInformation("Consuming {Stream} as {Group}/{Consumer}", stream, group, _consumer);
            await ConsumeAsync(stoppingToken);
        }
        finally
        {
            heartbeat.Dispose();
            await RetireAsync();
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var nextClaim = DateTimeOffset.MinValue;
        var nextRecovery = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTimeOffset.UtcNow >= nextRecovery)
                {
                    await RecoverFromStoppedConsumersAsync(stoppingToken);
                    nextRecovery = DateTimeOffset.UtcNow + options.RecoveryInterval;
                }

                if (DateTimeOffset.UtcNow >= nextClaim)
                {
                    await ReclaimIdleAsync(stoppingToken);
                    nextClaim = DateTimeOffset.UtcNow + options.ClaimInterval;
                }

                var entries = await redis.GetDatabase().StreamReadGroupAsync(
                    stream, group, _consumer, StreamPosition.NewMessages, options.BatchSize);
                foreach (var entry in entries)
                {
                    await ProcessAsync(entry, stoppingToken);
                }

                if (entries.Length == 0)
                {
                    await Task.Delay(options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // The stream or group was deleted under us (e.g. an operator reset): recreate it and go on.
                logger.LogWarning("Consumer group {Group} on {Stream} disappeared; recreating it", group, stream);
                await EnsureGroupAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Redis unavailable while consuming {Stream}; retrying", stream);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task EnsureGroupAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // "0-0": a new group also takes the entries published before this service first started.
                await redis.GetDatabase().StreamCreateConsumerGroupAsync(stream, group, "0-0", createStream: true);
                return;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Cannot create consumer group {Group} on {Stream} yet", group, stream);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>Registers this consumer in the group before it reads, so the group lists it as alive from the start.</summary>
    private async Task JoinGroupAsync()
    {
        try
        {
            await redis.GetDatabase().ExecuteAsync("XGROUP", "CREATECONSUMER", stream, group, _consumer);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Not needed for correctness: the first read creates the consumer too.
            logger.LogDebug(ex, "XGROUP CREATECONSUMER {Group} {Consumer} on {Stream} failed", group, _consumer, stream);
        }
    }

    /// <summary>
    /// Claims the pending entries of every consumer of the group whose heartbeat has expired and that has not read or
    /// claimed for as long as a heartbeat lives, handles them (or dead-letters those delivered too often), and removes
    /// such consumers from the group once they hold nothing.
    /// </summary>
    private async Task RecoverFromStoppedConsumersAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        StreamConsumerInfo[] consumers;
        try
        {
            consumers = await db.StreamConsumerInfoAsync(stream, group);
        }
        catch (RedisServerException ex) when (ConsumerGroupMonitor.IsMissingStreamOrGroup(ex))
        {
            return; // the read below recreates the group
        }

        foreach (var consumer in consumers)
        {
            // A consumer that read or claimed within a heartbeat's lifetime is not treated as dead, whatever its key says:
            // it may have just started, or be of a version that does not heartbeat yet.
            if (consumer.Name == _consumer || consumer.IdleTimeInMilliseconds < options.HeartbeatTtl.TotalMilliseconds)
            {
                continue;
            }

            await RecoverFromAsync(db, consumer.Name!, consumer.PendingMessageCount, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RecoverFromAsync(IDatabase db, string dead, long pendingCount, CancellationToken cancellationToken)
    {
        var announced = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(
                RecoverScript,
                [stream, ConsumerHeartbeat.Key(stream, group, dead)],
                [group, dead, _consumer, options.BatchSize]))!;
            switch ((int)result[0])
            {
                case 0:
                    return; // its heartbeat is alive
                case 1:
                    logger.LogInformation("Removed consumer {DeadConsumer} from {Group} on {Stream}: no heartbeat and nothing pending",
                        dead, group, stream);
                    return;
            }

            var ids = (RedisValue[])result[1]!;
            var counts = (long[])result[2]!;
            var claimed = ReadEntries((RedisResult[])result[3]!);
            if (!announced)
            {
                logger.LogWarning(
                    "Consumer {DeadConsumer} of {Group} on {Stream} stopped (its heartbeat expired or was removed) holding {PendingCount} pending entries; {Consumer} takes them over",
                    dead, group, stream, pendingCount, _consumer);
                announced = true;
            }

            Recovered.Add(claimed.Count, _tags);
            var deliveries = ids.Select((id, i) => (id, count: counts[i])).ToDictionary(p => p.id.ToString(), p => p.count);
            foreach (var trimmed in ids.Where(id => claimed.All(e => e.Id != id)))
            {
                logger.LogError("Pending entry {EntryId} on {Stream} was trimmed before it was handled", trimmed, stream);
            }

            foreach (var entry in claimed)
            {
                var delivered = deliveries.GetValueOrDefault(entry.Id.ToString(), 1);
                if (delivered > options.MaxDeliveries)
                {
                    await DeadLetterAsync(entry, $"delivered {delivered - 1} times without success");
                    continue;
                }

                logger.LogInformation("Recovered entry {EntryId} of {Stream} from stopped consumer {DeadConsumer} (delivery {Delivery})",
                    entry.Id, stream, dead, delivered);
                await ProcessAsync(entry, cancellationToken);
            }
        }
    }

    /// <summary>XCLAIM's reply as the script returns it: [id, [field, value, ...]] per entry.</summary>
    private static List<StreamEntry> ReadEntries(RedisResult[] reply)
    {
        var entries = new List<StreamEntry>(reply.Length);
        foreach (var item in reply)
        {
            if (item.IsNull || item.Length < 2)
            {
                continue;
            }

            var fields = (RedisValue[])item[1]!;
            var values = new NameValueEntry[fields.Length / 2];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = new NameValueEntry(fields[2 * i], fields[2 * i + 1]);
            }

            entries.Add(new StreamEntry((RedisValue)item[0], values));
        }

        return entries;
    }

    /// <summary>
    /// On a clean stop: drops the heartbeat (entries still pending here, e.g. a handler cancelled by the shutdown, are
    /// taken over by a live consumer at once) and leaves the group when nothing is pending here.
    /// </summary>
    private async Task RetireAsync()
    {
        try
        {
            var db = redis.GetDatabase();
            await db.KeyDeleteAsync(HeartbeatKey);
            var left = (int)await db.ScriptEvaluateAsync(RetireScript, [stream], [group, _consumer]);
            logger.LogInformation(left == 1
                    ? "Stopped consuming {Stream} as {Group}/{Consumer} and left the group"
                    : "Stopped consuming {Stream} as {Group}/{Consumer}; its pending entries are left for a live consumer to take over",
                stream, group, _consumer);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "Could not retire consumer {Consumer} of {Group} on {Stream}; its heartbeat expires on its own", _consumer, group, stream);
        }
    }

    private async Task ReclaimIdleAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisValue cursor = "0-0";
        do
        {
            var result = await db.StreamAutoClaimAsync(
                stream, group, _consumer, (long)options.ClaimIdleTime.TotalMilliseconds, cursor, options.BatchSize);
            foreach (var deleted in result.DeletedIds)
            {
                logger.LogError("Pending entry {EntryId} on {Stream} was trimmed before it was handled", deleted, stream);
            }

            foreach (var entry in result.ClaimedEntries)
            {
                var deliveries = await DeliveryCountAsync(db, entry.Id);
                if (deliveries > options.MaxDeliveries)
                {
                    await DeadLetterAsync(entry, $"delivered {deliveries - 1} times without success");
                    continue;
                }

                await ProcessAsync(entry, cancellationToken);
            }

            cursor = result.NextStartId;
        }
        while (cursor != "0-0" && !cancellationToken.IsCancellationRequested);
    }

    private async Task<int> DeliveryCountAsync(IDatabase db, RedisValue entryId)
    {
        var pending = await db.StreamPendingMessagesAsync(stream, group, 1, RedisValue.Null, entryId, entryId);
        return pending.Length == 0 ? 0 : pending[0].DeliveryCount;
    }

    private async Task ProcessAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        TEvent @event;
        try
        {
            @event = StreamEntryFormat.Read<TEvent>(entry);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            // A malformed entry never succeeds: retrying it would only delay the dead letter.
            await DeadLetterAsync(entry, ex.Message);
            return;
        }

        var db = redis.GetDatabase();
        var marker = $"sb:processed:{group}:{@event.Id}";
        if (await db.KeyExistsAsync(marker))
        {
            logger.LogDebug("Event {EventId} already handled by {Group}; acknowledging duplicate", @event.Id, group);
            await db.StreamAcknowledgeAsync(stream, group, entry.Id);
            return;
        }

        using var activity = StartConsumerActivity(entry, @event);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(@event, cancellationToken);
            }

            await db.StringSetAsync(marker, entry.Id.ToString(), options.ProcessedMarkerTtl);
            await db.StreamAcknowledgeAsync(stream, group, entry.Id);
            Consumed.Add(1, _tags);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Failed.Add(1, _tags);
            logger.LogError(ex, "Handling {EventType} {EventId} from {Stream} failed; it stays pending for a retry",
                typeof(TEvent).Name, @event.Id, stream);
        }
    }

    private Activity? StartConsumerActivity(StreamEntry entry, TEvent @event)
    {
        var traceParent = (string?)entry[StreamEntryFormat.TraceParentField];
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = SwitchboardTelemetry.ActivitySource.StartActivity($"process {stream}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", stream);
        activity?.SetTag("messaging.consumer.group.name", group);
        activity?.SetTag("messaging.message.id", @event.Id);
        StreamEntryFormat.RestoreBaggage(activity, (string?)entry[StreamEntryFormat.BaggageField]);
        return activity;
    }

    private async Task DeadLetterAsync(StreamEntry entry, string reason)
    {
        var db = redis.GetDatabase();
        var fields = entry.Values
            .Append(new NameValueEntry(StreamEntryFormat.ErrorField, reason))
            .Append(new NameValueEntry(StreamEntryFormat.SourceIdField, entry.Id))
            .ToArray();
        await db.StreamAddAsync(Streams.DeadLetter(stream), fields, maxLength: 100_000, useApproximateMaxLength: true);
        await db.StreamAcknowledgeAsync(stream, group, entry.Id);
        DeadLettered.Add(1, _tags);
        logger.LogError("Moved entry {EntryId} of {Stream} to {DeadLetter}: {Reason}",
            entry.Id, stream, Streams.DeadLetter(stream), reason);
    }
}
