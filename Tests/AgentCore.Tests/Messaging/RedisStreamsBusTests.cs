using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Tests.Support;

namespace Switchboard.AgentCore.Tests.Messaging;

public sealed class RedisStreamsBusTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private IDatabase Db => redis.Connection.GetDatabase();

    private static string NewStream() => $"test:{Guid.NewGuid():N}";

    [Fact]
    public async Task Published_event_is_handled_once_and_acknowledged()
    {
        var stream = NewStream();
        var probe = new HandlerProbe();
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe);

        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new TestEvent("hello"));

        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 1, "the event to be handled");
        var pending = await Eventually.MatchAsync(
            () => Db.StreamPendingAsync(stream, "tests"), p => p.PendingMessageCount == 0, "the entry to be acknowledged");
        Assert.Equal(0, pending.PendingMessageCount);
        Assert.Equal("hello", probe.Handled.Single().Event.Payload);
        await host.StopAsync();
    }

    [Fact]
    public async Task Failing_handler_is_retried_after_the_idle_time_and_then_succeeds()
    {
        var stream = NewStream();
        var probe = new HandlerProbe { FailuresLeft = 2 };
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe);

        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new TestEvent("flaky"));

        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 1, "the third attempt to succeed");
        Assert.Equal(3, probe.Attempts);
        Assert.Equal(0, await Db.StreamLengthAsync(Streams.DeadLetter(stream)));
        await host.StopAsync();
    }

    [Fact]
    public async Task Entry_that_keeps_failing_moves_to_the_dead_letter_stream_with_its_reason()
    {
        var stream = NewStream();
        var probe = new HandlerProbe { FailuresLeft = int.MaxValue };
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe, o => o.MaxDeliveries = 3);

        var published = new TestEvent("poison");
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, published);

        var dead = await Eventually.MatchAsync(
            () => Db.StreamRangeAsync(Streams.DeadLetter(stream)), e => e.Length == 1, "a dead letter");
        Assert.Equal(published.Id, (string?)dead[0]["id"]);
        Assert.Contains("delivered 3 times", (string?)dead[0]["error"]);
        Assert.Equal(3, probe.Attempts);
        var pending = await Db.StreamPendingAsync(stream, "tests");
        Assert.Equal(0, pending.PendingMessageCount);
        await host.StopAsync();
    }

    [Fact]
    public async Task Malformed_entry_is_dead_lettered_without_calling_the_handler()
    {
        var stream = NewStream();
        var probe = new HandlerProbe();
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe);

        await Db.StreamAddAsync(stream, [new NameValueEntry("id", "x"), new NameValueEntry("data", "{not json")]);

        var dead = await Eventually.MatchAsync(
            () => Db.StreamRangeAsync(Streams.DeadLetter(stream)), e => e.Length == 1, "a dead letter");
        Assert.False(string.IsNullOrEmpty((string?)dead[0]["error"]));
        Assert.Equal(0, probe.Attempts);
        await host.StopAsync();
    }

    [Fact]
    public async Task Duplicate_event_id_is_handled_only_once()
    {
        var stream = NewStream();
        var probe = new HandlerProbe();
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        var once = new TestEvent("same");
        await publisher.PublishAsync(stream, once);
        await publisher.PublishAsync(stream, once);
        await publisher.PublishAsync(stream, new TestEvent("other"));

        await Eventually.MatchAsync(
            () => Db.StreamPendingAsync(stream, "tests"), p => p.PendingMessageCount == 0, "all entries acknowledged");
        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 2, "two distinct events");
        Assert.Equal(["same", "other"], probe.Handled.Select(h => h.Event.Payload).ToArray());
        await host.StopAsync();
    }

    [Fact]
    public async Task Entry_left_pending_by_a_crashed_consumer_is_claimed_and_handled_by_another()
    {
        var stream = NewStream();
        await Db.StreamCreateConsumerGroupAsync(stream, "tests", "0-0", createStream: true);
        var lost = new TestEvent("in flight when the process died");
        using (var crashed = EventBusHost.Start(redis.ConnectionString, "unused:" + stream, new HandlerProbe()))
        {
            await crashed.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, lost);
        }

        // A consumer that read the entry and died before acknowledging it.
        var read = await Db.StreamReadGroupAsync(stream, "tests", "dead-consumer", StreamPosition.NewMessages, 10);
        Assert.Single(read);

        var probe = new HandlerProbe();
        using var survivor = EventBusHost.Start(redis.ConnectionString, stream, probe);

        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 1, "the orphaned entry to be handled");
        Assert.Equal(lost.Id, probe.Handled.Single().Event.Id);
        await Eventually.MatchAsync(
            () => Db.StreamPendingAsync(stream, "tests"), p => p.PendingMessageCount == 0, "the claimed entry to be acknowledged");
        await survivor.StopAsync();
    }

    [Fact]
    public async Task Consumer_recreates_its_group_when_the_stream_is_deleted_under_it()
    {
        var stream = NewStream();
        var probe = new HandlerProbe();
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(stream, new TestEvent("before"));
        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 1, "the first event");

        await Db.KeyDeleteAsync(stream);
        await Eventually.MatchAsync(
            async () => await Db.KeyExistsAsync(stream) ? (await Db.StreamGroupInfoAsync(stream)).Length : 0,
            n => n == 1,
            "the group to be recreated");
        await publisher.PublishAsync(stream, new TestEvent("after"));

        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 2, "the event published after the reset");
        await host.StopAsync();
    }

    [Fact]
    public async Task Consumer_span_joins_the_producer_trace()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SwitchboardTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        var stream = NewStream();
        var probe = new HandlerProbe();
        using var host = EventBusHost.Start(redis.ConnectionString, stream, probe);

        using var request = new Activity("incoming request").SetIdFormat(ActivityIdFormat.W3C).Start();
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new TestEvent("traced"));
        request.Stop();

        await Eventually.MatchAsync(() => Task.FromResult(probe.Handled.Count), n => n == 1, "the event to be handled");
        Assert.Equal(request.TraceId.ToHexString(), probe.Handled.Single().TraceId);
        await host.StopAsync();
    }

    [Fact]
    public async Task Streams_are_capped_with_approximate_maxlen()
    {
        var stream = NewStream();
        var probe = new HandlerProbe();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:redis"] = redis.ConnectionString;
        builder.Configuration["Messaging:MaxStreamLength"] = "100";
        builder.AddRedisClient("redis");
        builder.AddEventPublisher();
        using var host = builder.Build();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        for (var i = 0; i < 1000; i++)
        {
            await publisher.PublishAsync(stream, new TestEvent($"e{i}"));
        }

        var length = await Db.StreamLengthAsync(stream);
        Assert.InRange(length, 100, 400); // '~' trims whole radix-tree nodes, so a little over the cap remains
        Assert.Empty(probe.Handled);
    }
}
