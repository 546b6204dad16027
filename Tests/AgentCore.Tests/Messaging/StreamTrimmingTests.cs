using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Messaging;
using Switchboard.Tests.Support;

namespace Switchboard.AgentCore.Tests.Messaging;

public sealed class StreamTrimmingTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task Entries_every_group_has_handled_are_trimmed_and_the_rest_stay()
    {
        var stream = $"test:{Guid.NewGuid():N}";
        var ids = await AddAsync(stream, 1000);
        await Db.StreamCreateConsumerGroupAsync(stream, "fast", "0");
        await Db.StreamCreateConsumerGroupAsync(stream, "slow", "0");

        // fast: everything read and acknowledged. slow: 600 read, the first 500 acknowledged, 100 pending, 400 unread.
        var fast = await Db.StreamReadGroupAsync(stream, "fast", "c1", ">", 1000);
        await Db.StreamAcknowledgeAsync(stream, "fast", fast.Select(e => e.Id).ToArray());
        var slow = await Db.StreamReadGroupAsync(stream, "slow", "c2", ">", 600);
        await Db.StreamAcknowledgeAsync(stream, "slow", slow.Take(500).Select(e => e.Id).ToArray());

        var removed = await Trimmer(stream).TrimOnceAsync();

        // MINID ~ removes whole internal nodes only, so some handled entries may stay; none still needed may go.
        Assert.InRange(removed, 1, 500);
        var kept = await Db.StreamRangeAsync(stream);
        Assert.Equal(1000 - removed, kept.Length);
        Assert.Equal(ids.Skip(500), kept.Select(e => e.Id.ToString()).Skip(kept.Length - 500));
        Assert.Equal(100, (await Db.StreamPendingAsync(stream, "slow")).PendingMessageCount);
    }

    [Fact]
    public async Task A_group_that_has_read_nothing_keeps_the_whole_stream()
    {
        var stream = $"test:{Guid.NewGuid():N}";
        await AddAsync(stream, 1000);
        await Db.StreamCreateConsumerGroupAsync(stream, "fast", "0");
        await Db.StreamCreateConsumerGroupAsync(stream, "idle", "0");
        var fast = await Db.StreamReadGroupAsync(stream, "fast", "c1", ">", 1000);
        await Db.StreamAcknowledgeAsync(stream, "fast", fast.Select(e => e.Id).ToArray());

        Assert.Equal(0, await Trimmer(stream).TrimOnceAsync());
        Assert.Equal(1000, await Db.StreamLengthAsync(stream));
    }

    [Fact]
    public async Task A_missing_stream_or_one_without_groups_is_left_alone()
    {
        var stream = $"test:{Guid.NewGuid():N}";
        Assert.Equal(0, await Trimmer(stream).TrimOnceAsync());

        await AddAsync(stream, 10);
        Assert.Equal(0, await Trimmer(stream).TrimOnceAsync());
        Assert.Equal(10, await Db.StreamLengthAsync(stream));
    }

    /// <summary>
    /// A group's consumer acknowledges between the trimmer's XINFO GROUPS (pending 1) and its XPENDING (nothing pending,
    /// no lowest id): the trim must take the last-delivered id as the floor, not fail. It used to throw a
    /// FormatException, which stopped the host of the service the trimmer runs in (the ComplianceAgent under the
    /// evaluation's load).
    /// </summary>
    [Fact]
    public async Task A_group_acknowledging_while_the_trim_runs_never_makes_it_fail()
    {
        var stream = $"test:{Guid.NewGuid():N}";
        await AddAsync(stream, 2000);
        await Db.StreamCreateConsumerGroupAsync(stream, "busy", "0");
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var entries = await Db.StreamReadGroupAsync(stream, "busy", "c1", ">", 1);
                if (entries.Length == 0)
                {
                    break;
                }

                await Db.StreamAcknowledgeAsync(stream, "busy", entries[0].Id);
            }
        });

        var trimmer = Trimmer(stream);
        try
        {
            for (var i = 0; i < 300 && !consumer.IsCompleted; i++)
            {
                await trimmer.TrimOnceAsync();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await consumer;
        }

        var pending = await Db.StreamPendingAsync(stream, "busy");
        Assert.Equal(0, pending.PendingMessageCount);
    }

    private AcknowledgedStreamTrimmer Trimmer(string stream) => new(
        stream, redis.Connection, Options.Create(new MessagingOptions()), NullLogger<AcknowledgedStreamTrimmer>.Instance);

    private async Task<List<string>> AddAsync(string stream, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await Db.StreamAddAsync(stream, "n", i)).ToString());
        }

        return ids;
    }
}
