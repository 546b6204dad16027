using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;
using Switchboard.Tests.Support;

namespace Switchboard.ReportingAgent.Tests;

public sealed class LedgerIdempotencyTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 3, 12, 9, 0, 0, TimeSpan.Zero);

    // Not redis.FlushAsync(): FLUSHALL needs allowAdmin on the fixture's connection, which it does not set.
    public async Task InitializeAsync()
    {
        var db = redis.Connection.GetDatabase();
        await db.KeyDeleteAsync([LedgerStore.EntriesKey, LedgerStore.IndexKey, Streams.Interactions]);
        var server = redis.Connection.GetServers()[0];
        await foreach (var marker in server.KeysAsync(pattern: $"sb:processed:{LedgerExtensions.ConsumerGroup}:*"))
        {
            await db.KeyDeleteAsync(marker);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Handling_the_same_interaction_twice_writes_one_entry()
    {
        var handler = new LedgerHandler(new LedgerStore(redis.Connection), NullLogger<LedgerHandler>.Instance);
        var interaction = EventPublisherHost.Interaction("answer-1", At, AnswerStatus.NotFound);

        await handler.HandleAsync(interaction, CancellationToken.None);
        await handler.HandleAsync(interaction, CancellationToken.None);

        var db = redis.Connection.GetDatabase();
        Assert.Equal(1, await db.HashLengthAsync(LedgerStore.EntriesKey));
        Assert.Equal(1, await db.SortedSetLengthAsync(LedgerStore.IndexKey));
        Assert.Equal(At.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(LedgerStore.IndexKey, "answer-1"));
        var entry = Assert.Single(await new LedgerStore(redis.Connection).ReadAsync(new TimeRange(At, At.AddSeconds(1))));
        Assert.Equal(new[] { "answer-1", AnswerStatus.NotFound, Intents.Documents }, new[] { entry.AnswerId, entry.Status, entry.Intent });
        Assert.Equal(At, entry.OccurredAt);
    }

    [Fact]
    public async Task Store_reports_whether_it_added_the_entry()
    {
        var store = new LedgerStore(redis.Connection);
        var entry = LedgerEntry.From(EventPublisherHost.Interaction("answer-2", At, AnswerStatus.Answered));

        Assert.True(await store.TryAppendAsync(entry));
        Assert.False(await store.TryAppendAsync(entry with { Status = AnswerStatus.Refused }));

        var stored = Assert.Single(await store.ReadAsync(new TimeRange(At, At.AddSeconds(1))));
        Assert.Equal(AnswerStatus.Answered, stored.Status);
    }

    [Fact]
    public async Task Republished_interactions_through_the_stream_are_counted_once()
    {
        using var publisher = new EventPublisherHost(redis.ConnectionString);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:redis"] = redis.ConnectionString;
        builder.AddRedisClient("redis");
        builder.AddUsageLedger();
        using var reporting = builder.Build();
        await reporting.StartAsync();

        var original = EventPublisherHost.Interaction("answer-3", At, AnswerStatus.Answered);
        await publisher.PublishAsync(original);
        await publisher.PublishAsync(original);                                 // same event id: a redelivery
        await publisher.PublishAsync(original with { Id = Guid.NewGuid().ToString("N") }); // new event id, same answer
        // The consumer handles entries in stream order, so once the sentinel is in, the duplicates were handled.
        await publisher.PublishAsync(EventPublisherHost.Interaction("sentinel", At.AddMinutes(1), AnswerStatus.Answered));

        var store = reporting.Services.GetRequiredService<LedgerStore>();
        var day = new TimeRange(At.AddHours(-9), At.AddHours(15));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<LedgerEntry> entries;
        do
        {
            await Task.Delay(100);
            entries = await store.ReadAsync(day);
        }
        while (!entries.Any(e => e.AnswerId == "sentinel") && DateTime.UtcNow < deadline);
        await reporting.StopAsync();

        Assert.Equal(["answer-3", "sentinel"], entries.Select(e => e.AnswerId).ToArray());
        Assert.Equal(0, await PendingAsync(redis.Connection.GetDatabase()));
    }

    private static async Task<long> PendingAsync(IDatabase db) =>
        (await db.StreamPendingAsync(Streams.Interactions, LedgerExtensions.ConsumerGroup)).PendingMessageCount;
}
