using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;
using Switchboard.Tests.Support;

namespace Switchboard.ReportingAgent.Tests;

public sealed class LedgerRetentionTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync() =>
        await redis.Connection.GetDatabase().KeyDeleteAsync([LedgerStore.EntriesKey, LedgerStore.IndexKey]);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Entries_older_than_the_retention_leave_both_keys_and_the_rest_stay_readable()
    {
        var store = new LedgerStore(redis.Connection);
        // 2,500 expired entries (more than one trim batch) and 40 kept ones, one exactly at the cutoff (kept).
        var retention = TimeSpan.FromDays(30);
        var cutoff = Now - retention;
        for (var i = 0; i < 2500; i++)
        {
            await store.TryAppendAsync(Entry($"old-{i}", cutoff.AddMinutes(-1 - i)));
        }

        for (var i = 0; i < 40; i++)
        {
            await store.TryAppendAsync(Entry($"new-{i}", cutoff.AddHours(i)));
        }

        var service = new LedgerRetentionService(
            store,
            Options.Create(new ReportingOptions { LedgerRetention = retention }),
            new FixedTimeProvider(Now),
            NullLogger<LedgerRetentionService>.Instance);

        Assert.Equal(2500, await service.TrimOnceAsync(CancellationToken.None));
        Assert.Equal(0, await service.TrimOnceAsync(CancellationToken.None));

        var db = redis.Connection.GetDatabase();
        Assert.Equal(40, await db.HashLengthAsync(LedgerStore.EntriesKey));
        Assert.Equal(40, await db.SortedSetLengthAsync(LedgerStore.IndexKey));
        var kept = await store.ReadAsync(new TimeRange(cutoff.AddDays(-365), Now));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"new-{i}"), kept.Select(e => e.AnswerId));
    }

    [Fact]
    public async Task The_retention_endpoint_trims_now_with_the_same_rule_and_says_how_many_went()
    {
        var store = new LedgerStore(redis.Connection);
        var retention = TimeSpan.FromDays(30);
        await store.TryAppendAsync(Entry("expired", Now - retention - TimeSpan.FromHours(1)));
        await store.TryAppendAsync(Entry("recent", Now - TimeSpan.FromHours(1)));
        var options = Options.Create(new ReportingOptions { LedgerRetention = retention });
        var clock = new FixedTimeProvider(Now);
        var service = new LedgerRetentionService(store, options, clock, NullLogger<LedgerRetentionService>.Instance);

        var result = (await LedgerRetentionApi.TrimAsync(service, options, clock, CancellationToken.None)).Value!;

        Assert.Equal(1, result.Removed);
        Assert.Equal(Now - retention, result.Cutoff);
        Assert.Equal(retention, result.Retention);
        Assert.Equal(["recent"], (await store.ReadAsync(new TimeRange(Now.AddDays(-365), Now))).Select(e => e.AnswerId));
    }

    [Fact]
    public void The_retention_is_validated_when_bound()
    {
        var options = new ReportingOptions { LedgerRetention = TimeSpan.FromMinutes(5) };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(ReportingOptions.LedgerRetention)));
    }

    private static LedgerEntry Entry(string id, DateTimeOffset at) =>
        LedgerEntry.From(EventPublisherHost.Interaction(id, at, AnswerStatus.Answered));
}
