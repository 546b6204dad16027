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
/// a failed or abandoned entry stays pending, is re-claimed with XAUTOCLAIM once idle, and after
/// <see cref="StreamConsumerOptions.MaxDeliveries"/> deliveries is moved to <c>&lt;stream&gt;:dlq</c>.
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

    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly KeyValuePair<string, object?>[] _tags = [new("stream", stream), new("group", group)];

    public string ConsumerName => _consumer;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureGroupAsync(stoppingToken);
        logger.LogInformation("Consuming {Stream} as {Group}/{Consumer}", stream, group, _consumer);

        var nextClaim = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
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
