using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Tests;

public sealed class UsageReportBuilderTests
{
    private static readonly DateTimeOffset Day = new(2025, 3, 12, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange WholeDay = new(Day, Day.AddDays(1));

    private static LedgerEntry Entry(int minute, string status, string? intent, double latencyMs) =>
        new($"a{minute}", Day.AddMinutes(minute), status, intent, latencyMs, [], null, 0);

    [Fact]
    public void Counts_by_status_and_intent_within_the_range_only()
    {
        LedgerEntry[] entries =
        [
            Entry(10, AnswerStatus.Answered, Intents.Documents, 100),
            Entry(20, AnswerStatus.Answered, Intents.Documents, 200),
            Entry(30, AnswerStatus.NotFound, Intents.Documents, 300),
            Entry(40, AnswerStatus.Refused, null, 50),
            Entry(50, AnswerStatus.Answered, Intents.UsageReport, 400),
            Entry(-1, AnswerStatus.Answered, Intents.Documents, 999),           // the day before: outside
            Entry(24 * 60, AnswerStatus.NotFound, Intents.Documents, 999),      // exactly 'to': outside (exclusive)
        ];

        var report = UsageReportBuilder.Build(WholeDay, entries);

        Assert.Equal(5, report.Total);
        Assert.Equal(3, report.ByStatus[AnswerStatus.Answered]);
        Assert.Equal(1, report.ByStatus[AnswerStatus.NotFound]);
        Assert.Equal(1, report.ByStatus[AnswerStatus.Refused]);
        Assert.Equal(0, report.ByStatus[AnswerStatus.PendingApproval]);
        Assert.Equal(3, report.ByIntent[Intents.Documents]);
        Assert.Equal(1, report.ByIntent[Intents.UsageReport]);
        Assert.Equal(0, report.ByIntent[Intents.Smalltalk]);
        Assert.Equal(1, report.ByIntent[UsageReportBuilder.NoIntent]);
        Assert.Equal(WholeDay.From, report.From);
        Assert.Equal(WholeDay.To, report.To);
    }

    [Fact]
    public void Latency_percentiles_are_nearest_rank()
    {
        // 20 latencies 10, 20, ..., 200 in shuffled order. Nearest rank: p50 = 10th value (100), p95 = 19th (190).
        var entries = Enumerable.Range(1, 20)
            .OrderBy(i => (i * 7) % 20)
            .Select(i => Entry(i, AnswerStatus.Answered, Intents.Documents, i * 10))
            .ToList();

        var report = UsageReportBuilder.Build(WholeDay, entries);

        Assert.Equal(100, report.LatencyMs.P50);
        Assert.Equal(190, report.LatencyMs.P95);
    }

    [Theory]
    [InlineData(new double[] { 42 }, 50, 42)]
    [InlineData(new double[] { 42 }, 95, 42)]
    [InlineData(new double[] { 1, 2, 3 }, 50, 2)]      // ceil(1.5) = 2nd
    [InlineData(new double[] { 1, 2, 3, 4 }, 50, 2)]   // ceil(2.0) = 2nd
    [InlineData(new double[] { 1, 2, 3, 4 }, 95, 4)]   // ceil(3.8) = 4th
    public void Nearest_rank_picks_an_observed_value(double[] sorted, double percentile, double expected)
    {
        Assert.Equal(expected, UsageReportBuilder.NearestRank(sorted, percentile));
    }

    [Fact]
    public void Empty_range_has_zero_total_and_null_percentiles()
    {
        var report = UsageReportBuilder.Build(WholeDay, []);

        Assert.Equal(0, report.Total);
        Assert.Null(report.LatencyMs.P50);
        Assert.Null(report.LatencyMs.P95);
        Assert.All(report.ByStatus.Values, count => Assert.Equal(0, count));
    }
}
