using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>
/// The anomaly sampler's bucket cache: the series it returns are those of a full read of the window, and a later sample
/// reads only the buckets that were not settled yet (not the whole window again).
/// </summary>
public sealed class SettledBucketsTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_series_equal_a_full_read_and_a_later_sample_reads_only_the_unsettled_minutes()
    {
        var ledger = Ledger(minutes: 200);
        var reads = new List<TimeRange>();
        var cache = new SettledBuckets(TimeSpan.FromMinutes(1), MinuteSeries.Build);
        Task<IReadOnlyList<LedgerEntry>> Read(TimeRange range)
        {
            reads.Add(range);
            return Task.FromResult<IReadOnlyList<LedgerEntry>>(ledger.Where(e => e.OccurredAt >= range.From && e.OccurredAt < range.To).ToList());
        }

        var now = Start.AddMinutes(150).AddSeconds(10);
        var first = Start.AddMinutes(29);
        var end = MinuteSeries.MinuteOf(now);
        var series = await cache.SeriesAsync(first, end, now, Read);
        AssertSameSeries(MinuteSeries.Build(ledger, first, end), series);
        Assert.Equal(121, reads.Count); // one read per minute of the window on the first sample

        // A minute later: the window moved by one; only the minutes that ended less than the settle delay before the
        // earlier sample, and the new one, are read again.
        reads.Clear();
        now = now.AddMinutes(1);
        series = await cache.SeriesAsync(first.AddMinutes(1), MinuteSeries.MinuteOf(now), now, Read);
        AssertSameSeries(MinuteSeries.Build(ledger, first.AddMinutes(1), MinuteSeries.MinuteOf(now)), series);
        Assert.InRange(reads.Count, 1, 3);
        Assert.All(reads, r => Assert.True(r.From >= MinuteSeries.MinuteOf(now) - TimeSpan.FromMinutes(3), $"read {r.From:HH:mm} again"));
        Assert.Equal(121 - 2, cache.SettledCount); // the oldest minute dropped out of the window; the last two are not settled
    }

    [Fact]
    public async Task A_bucket_is_read_again_until_it_settles_so_a_late_entry_counts()
    {
        var ledger = Ledger(minutes: 10);
        var cache = new SettledBuckets(TimeSpan.FromMinutes(1), MinuteSeries.Build);
        Task<IReadOnlyList<LedgerEntry>> Read(TimeRange range) =>
            Task.FromResult<IReadOnlyList<LedgerEntry>>(ledger.Where(e => e.OccurredAt >= range.From && e.OccurredAt < range.To).ToList());

        var now = Start.AddMinutes(10).AddSeconds(5);
        var before = await cache.SeriesAsync(Start, Start.AddMinutes(10), now, Read);

        // An answer of minute 9 reaches the ledger late and expensive: the unsettled minute 9 shows it.
        ledger.Add(Entry("late", Start.AddMinutes(9).AddSeconds(50), AnswerStatus.Answered, 300, 5m));
        var after = await cache.SeriesAsync(Start, Start.AddMinutes(10), now.AddSeconds(30), Read);
        Assert.Equal(before[MinuteSeries.CostUsd][9]!.Value + 5, after[MinuteSeries.CostUsd][9]!.Value, 6);
        Assert.Equal(before[MinuteSeries.CostUsd][0], after[MinuteSeries.CostUsd][0]);
    }

    private static void AssertSameSeries(IReadOnlyDictionary<string, double?[]> expected, IReadOnlyDictionary<string, double?[]> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, values) in expected)
        {
            Assert.Equal(values, actual[name]);
        }
    }

    private static List<LedgerEntry> Ledger(int minutes)
    {
        var random = new Random(11);
        var entries = new List<LedgerEntry>();
        for (var minute = 0; minute < minutes; minute++)
        {
            for (var q = 0; q < 12; q++)
            {
                var status = random.NextDouble() < 0.1 ? AnswerStatus.NotFound : random.NextDouble() < 0.05 ? AnswerStatus.Failed : AnswerStatus.Answered;
                entries.Add(Entry($"m{minute}-{q}", Start.AddMinutes(minute).AddSeconds(q * 5), status, 200 + random.Next(400), 0.001m * random.Next(1, 5)));
            }
        }

        return entries;
    }

    private static LedgerEntry Entry(string id, DateTimeOffset at, string status, double latencyMs, decimal cost) =>
        new(id, at, status, Intents.Documents, latencyMs, [AgentNames.Retrieval], "pass", 1)
        {
            Usage = new AnswerUsage(1000, 100, cost, "gpt-4o-mini"),
        };
}
