using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.AgentCore.Tests.Messaging;

/// <summary>
/// Crash recovery by heartbeat: a consumer that stopped heartbeating loses its pending entries to a live consumer at
/// once (not after ClaimIdleTime), each handled exactly once; a live consumer, however slow, keeps its own.
/// Every test sets ClaimIdleTime to minutes, so only the heartbeat path can explain a take-over.
/// </summary>
public sealed class ConsumerRecoveryTests(RedisServerFixture redis, ITestOutputHelper output) : IClassFixture<RedisServerFixture>
{
    private const string Group = "tests";
    private static readonly TimeSpan NoIdleClaim = TimeSpan.FromMinutes(10);

    private IDatabase Db => redis.Connection.GetDatabase();

    private static string NewStream() => $"test:{Guid.NewGuid():N}";

    [Fact]
    public async Task Entries_of_a_consumer_whose_heartbeat_stopped_are_taken_over_within_seconds_and_each_handled_once()
    {
        var stream = NewStream();
        await Db.StreamCreateConsumerGroupAsync(stream, Group, "0-0", createStream: true);
        var events = Enumerable.Range(1, 5).Select(i => new TestEvent($"e{i}")).ToList();
        await PublishAsync(stream, events);

        // A consumer that was alive (heartbeating), read all five, finished two (effect and processed marker written)
        // and was killed before acknowledging anything. Its last heartbeat lives 3 s more.
        const string dead = "killed-consumer";
        await Db.StringSetAsync(ConsumerHeartbeat.Key(stream, Group, dead), "alive", TimeSpan.FromSeconds(3));
        Assert.Equal(5, (await Db.StreamReadGroupAsync(stream, Group, dead, StreamPosition.NewMessages, 10)).Length);
        var effects = new ConcurrentDictionary<string, int>();
        foreach (var finished in events.Take(2))
        {
            effects[finished.Id] = 1;
            await Db.StringSetAsync($"sb:processed:{Group}:{finished.Id}", "before the crash");
        }

        using var recovered = new RecoveredCounter(stream);
        var probe = new HandlerProbe
        {
            OnHandle = (e, _) =>
            {
                effects.AddOrUpdate(e.Id, 1, (_, n) => n + 1);
                return Task.CompletedTask;
            },
        };
        using var survivor = EventBusHost.Start(redis.ConnectionString, stream, probe, o =>
        {
            o.ClaimIdleTime = NoIdleClaim;
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
            o.HeartbeatTtl = TimeSpan.FromSeconds(1);
            o.RecoveryInterval = TimeSpan.FromMilliseconds(200);
        });

        // While its heartbeat lives, the entries stay where they are.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, probe.Attempts);
        Assert.Equal(5, (await Db.StreamPendingMessagesAsync(stream, Group, 10, dead)).Length);

        await Eventually.MatchAsync(() => Db.KeyExistsAsync(ConsumerHeartbeat.Key(stream, Group, dead)), alive => !alive, "the heartbeat to expire");
        var sinceExpiry = Stopwatch.StartNew();
        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 3, "the three unfinished entries to be handled");
        output.WriteLine($"taken over and handled {sinceExpiry.ElapsedMilliseconds} ms after the heartbeat expired");
        Assert.True(sinceExpiry.Elapsed < TimeSpan.FromSeconds(5), $"took {sinceExpiry.Elapsed}");

        await Eventually.MatchAsync(() => Db.StreamPendingAsync(stream, Group), p => p.PendingMessageCount == 0, "every entry acknowledged");
        Assert.All(events, e => Assert.Equal(1, effects[e.Id]));
        Assert.Equal(events.Skip(2).Select(e => e.Id).Order(), probe.Handled.Select(h => h.Event.Id).Order());
        await Eventually.MatchAsync(
            async () => (await Db.StreamConsumerInfoAsync(stream, Group)).Select(c => (string)c.Name!).ToList(),
            names => !names.Contains(dead),
            "the dead consumer to be removed from the group");
        Assert.Equal(5, recovered.Total);
        Assert.Equal(0, await Db.StreamLengthAsync(Streams.DeadLetter(stream)));
        await survivor.StopAsync();
    }

    [Fact]
    public async Task A_live_consumer_that_is_slow_keeps_its_entry()
    {
        var stream = NewStream();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowProbe = new HandlerProbe
        {
            OnHandle = async (_, _) =>
            {
                started.TrySetResult();
                await release.Task;
            },
        };
        using var slow = EventBusHost.Start(redis.ConnectionString, stream, slowProbe, o => o.ClaimIdleTime = NoIdleClaim);
        await slow.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new TestEvent("takes a while"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var owner = (await Db.StreamPendingMessagesAsync(stream, Group, 10, RedisValue.Null)).Single().ConsumerName;

        var otherProbe = new HandlerProbe();
        using var other = EventBusHost.Start(redis.ConnectionString, stream, otherProbe, o => o.ClaimIdleTime = NoIdleClaim);

        // Six heartbeat lifetimes and some thirty recovery passes of the other consumer, while the slow one is busy.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, otherProbe.Attempts);
        var pending = await Db.StreamPendingMessagesAsync(stream, Group, 10, RedisValue.Null);
        Assert.Equal(owner, Assert.Single(pending).ConsumerName);
        Assert.Equal(1, pending[0].DeliveryCount);

        release.SetResult();
        await Eventually.MatchAsync(() => Task.FromResult(slowProbe.Handled.Count), n => n == 1, "the slow handler to finish");
        await Eventually.MatchAsync(() => Db.StreamPendingAsync(stream, Group), p => p.PendingMessageCount == 0, "the entry acknowledged");
        Assert.Equal(1, slowProbe.Attempts);
        Assert.Equal(0, otherProbe.Attempts);
        await other.StopAsync();
        await slow.StopAsync();
    }

    [Fact]
    public async Task An_entry_of_a_dead_consumer_delivered_too_often_goes_to_the_dead_letter_stream()
    {
        var stream = NewStream();
        await Db.StreamCreateConsumerGroupAsync(stream, Group, "0-0", createStream: true);
        var poison = new TestEvent("kills its consumer");
        await PublishAsync(stream, [poison]);

        // Delivered twice already (read, then claimed again), and its consumer is gone without a heartbeat.
        const string dead = "crashed-twice";
        var read = await Db.StreamReadGroupAsync(stream, Group, dead, StreamPosition.NewMessages, 10);
        await Db.StreamClaimAsync(stream, Group, dead, 0, [read.Single().Id]);

        var probe = new HandlerProbe();
        using var survivor = EventBusHost.Start(redis.ConnectionString, stream, probe, o =>
        {
            o.ClaimIdleTime = NoIdleClaim;
            o.MaxDeliveries = 2;
        });

        var dlq = await Eventually.MatchAsync(() => Db.StreamRangeAsync(Streams.DeadLetter(stream)), e => e.Length == 1, "a dead letter");
        Assert.Equal(poison.Id, (string?)dlq[0]["id"]);
        Assert.Contains("delivered 2 times", (string?)dlq[0]["error"]);
        Assert.Equal(0, probe.Attempts);
        await Eventually.MatchAsync(() => Db.StreamPendingAsync(stream, Group), p => p.PendingMessageCount == 0, "the entry acknowledged");
        await survivor.StopAsync();
    }

    [Fact]
    public async Task A_consumer_stopped_in_the_middle_of_a_handler_hands_its_entry_over_without_waiting_for_the_idle_time()
    {
        var stream = NewStream();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stoppingProbe = new HandlerProbe
        {
            OnHandle = async (_, cancellationToken) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            },
        };
        using var stopping = EventBusHost.Start(redis.ConnectionString, stream, stoppingProbe, o => o.ClaimIdleTime = NoIdleClaim);
        var published = new TestEvent("interrupted by a shutdown");
        await stopping.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, published);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var takerProbe = new HandlerProbe();
        using var taker = EventBusHost.Start(redis.ConnectionString, stream, takerProbe, o => o.ClaimIdleTime = NoIdleClaim);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, takerProbe.Attempts);

        await stopping.StopAsync();
        var sinceStop = Stopwatch.StartNew();

        await Eventually.MatchAsync(() => Task.FromResult(takerProbe.Handled.Count), n => n == 1, "the other consumer to handle it");
        output.WriteLine($"handed over {sinceStop.ElapsedMilliseconds} ms after the clean stop");
        Assert.True(sinceStop.Elapsed < TimeSpan.FromSeconds(5), $"took {sinceStop.Elapsed}");
        Assert.Equal(published.Id, takerProbe.Handled.Single().Event.Id);
        await Eventually.MatchAsync(() => Db.StreamPendingAsync(stream, Group), p => p.PendingMessageCount == 0, "the entry acknowledged");
        await Eventually.MatchAsync(
            async () => (await Db.StreamConsumerInfoAsync(stream, Group)).Length, n => n == 1, "only the live consumer left in the group");
        await taker.StopAsync();
    }

    [Fact]
    public async Task A_consumer_heartbeats_while_it_runs_and_leaves_the_group_when_stopped_with_nothing_pending()
    {
        var stream = NewStream();
        var probe = new HandlerProbe();
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe);
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new TestEvent("one"));
        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 1, "the event to be handled");

        var monitor = new ConsumerGroupMonitor(redis.Connection);
        var running = await monitor.GetAsync(stream, Group);
        var consumer = Assert.Single(running.Consumers);
        Assert.True(consumer.Alive);
        Assert.True(running.AnyAlive);
        Assert.Empty(running.StoppedWithPendingWork);
        Assert.True(await Db.KeyExistsAsync(ConsumerHeartbeat.Key(stream, Group, consumer.Name)));

        await host.StopAsync();

        Assert.False(await Db.KeyExistsAsync(ConsumerHeartbeat.Key(stream, Group, consumer.Name)));
        Assert.Empty((await monitor.GetAsync(stream, Group)).Consumers);
    }

    [Fact]
    public async Task The_monitor_tells_a_stopped_consumer_holding_entries_from_a_live_one()
    {
        var stream = NewStream();
        await Db.StreamCreateConsumerGroupAsync(stream, Group, "0-0", createStream: true);
        var events = new[] { new TestEvent("a"), new TestEvent("b") };
        await PublishAsync(stream, events);
        await Db.StringSetAsync(ConsumerHeartbeat.Key(stream, Group, "live"), "alive", TimeSpan.FromMinutes(1));
        await Db.StreamReadGroupAsync(stream, Group, "live", StreamPosition.NewMessages, 1);
        await Db.StreamReadGroupAsync(stream, Group, "stopped", StreamPosition.NewMessages, 1);
        var monitor = new ConsumerGroupMonitor(redis.Connection);

        var state = await monitor.GetAsync(stream, Group);

        Assert.True(state.AnyAlive);
        var stopped = Assert.Single(state.StoppedWithPendingWork);
        Assert.Equal("stopped", stopped.Name);
        var held = Assert.Single(await monitor.PendingEntriesAsync(stream, Group, "stopped", 10));
        Assert.Equal(events[1].Id, (string?)held["id"]);
        Assert.Empty((await monitor.GetAsync("test:no-such-stream", Group)).Consumers);
    }

    [Theory]
    [InlineData("HeartbeatTtl", "00:00:01", "HeartbeatTtl")]
    [InlineData("HeartbeatInterval", "00:00:00", "HeartbeatInterval")]
    [InlineData("RecoveryInterval", "-00:00:01", "RecoveryInterval")]
    [InlineData("BatchSize", "0", "BatchSize")]
    public void Invalid_consumer_settings_stop_the_service_at_start_naming_the_key(string key, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Messaging:Consumers:sb:ingest:HeartbeatInterval"] = "00:00:01";
        builder.Configuration[$"Messaging:Consumers:sb:ingest:{key}"] = value;

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddEventConsumer<TestEvent, ProbeHandler>("sb:ingest", Group));

        Assert.Contains($"Messaging:Consumers:sb:ingest:{named}", error.Message);
    }

    [Fact]
    public void Default_consumer_settings_are_valid()
    {
        Assert.Empty(new StreamConsumerOptions().Validate("Messaging:Consumers:sb:ingest"));
    }

    private async Task PublishAsync(string stream, IEnumerable<TestEvent> events)
    {
        using var publisher = EventBusHost.Publisher(redis.ConnectionString);
        foreach (var e in events)
        {
            await publisher.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, e);
        }
    }

    /// <summary>Sums <c>switchboard.events.recovered</c> for one stream (other tests' streams run in parallel).</summary>
    private sealed class RecoveredCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public RecoveredCounter(string stream)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SwitchboardTelemetry.Name && instrument.Name == "switchboard.events.recovered")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "stream" && Equals(tag.Value, stream))
                    {
                        Interlocked.Add(ref _total, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
