using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Answering;

namespace Switchboard.ReportingAgent.Tests;

public sealed class UsageQuestionParserTests
{
    // Wednesday 12 March 2025, 15:30 UTC. The week started on Monday 10 March.
    private static readonly DateTimeOffset Now = new(2025, 3, 12, 15, 30, 0, TimeSpan.Zero);
    private static readonly UsageQuestionParser Parser = new(new FixedTimeProvider(Now));

    private static DateTimeOffset Utc(int month, int day, int hour = 0, int minute = 0) =>
        new(2025, month, day, hour, minute, 0, TimeSpan.Zero);

    public static TheoryData<string, DateTimeOffset, DateTimeOffset, string> Ranges => new()
    {
        { "How many questions were asked today?", Utc(3, 12), Now, "today" },
        { "How many questions were asked?", Utc(3, 12), Now, "today" },
        { "How many questions did we answer yesterday?", Utc(3, 11), Utc(3, 12), "yesterday" },
        { "What was the p95 latency this week?", Utc(3, 10), Now, "this week" },
        { "How many questions went unanswered last week?", Utc(3, 3), Utc(3, 10), "last week" },
        { "How many questions were refused this month?", Utc(3, 1), Now, "this month" },
        { "How many questions were refused last month?", Utc(2, 1), Utc(3, 1), "last month" },
        { "How many questions in the last 7 days?", Utc(3, 5, 15, 30), Now, "in the last 7 days" },
        { "How many questions were answered in the past 3 hours?", Utc(3, 12, 12, 30), Now, "in the last 3 hours" },
        { "How many questions were answered in the last hour?", Utc(3, 12, 14, 30), Now, "in the last hour" },
        { "how many questions in the last 24 hours", Utc(3, 11, 15, 30), Now, "in the last 24 hours" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Parses_time_ranges_as_utc(string question, DateTimeOffset from, DateTimeOffset to, string label)
    {
        var parsed = Parser.Parse(question);

        Assert.NotNull(parsed);
        Assert.Equal(from, parsed.Range.From);
        Assert.Equal(to, parsed.Range.To);
        Assert.Equal(label, parsed.RangeLabel);
    }

    [Fact]
    public void Week_starts_on_monday_even_on_a_sunday()
    {
        var sunday = new UsageQuestionParser(new FixedTimeProvider(Utc(3, 16, 9)));

        var parsed = sunday.Parse("how many questions this week");

        Assert.NotNull(parsed);
        Assert.Equal(Utc(3, 10), parsed.Range.From);
    }

    [Theory]
    [InlineData("How many questions were not found today?", UsageMetric.NotFound)]
    [InlineData("How many questions went unanswered last week?", UsageMetric.NotFound)]
    [InlineData("How many questions could the assistant not answer this month?", UsageMetric.NotFound)]
    [InlineData("How many questions did we answer yesterday?", UsageMetric.Answered)]
    [InlineData("How many questions were answered?", UsageMetric.Answered)]
    [InlineData("How many questions were refused this month", UsageMetric.Refused)]
    [InlineData("How many answers were blocked today?", UsageMetric.Refused)]
    [InlineData("How many questions are pending approval?", UsageMetric.PendingApproval)]
    [InlineData("What was the p95 latency this week?", UsageMetric.LatencyP95)]
    [InlineData("What is the median latency today?", UsageMetric.LatencyMedian)]
    [InlineData("How slow were responses in the last 3 hours?", UsageMetric.Latency)]
    [InlineData("Show usage by intent", UsageMetric.CountPerIntent)]
    [InlineData("Which intent was asked most often last week?", UsageMetric.MostCommonIntent)]
    [InlineData("What is the most common intent this month?", UsageMetric.MostCommonIntent)]
    [InlineData("How many questions were asked today?", UsageMetric.Total)]
    [InlineData("Usage statistics for this week please", UsageMetric.Summary)]
    [InlineData("anything unusual today?", UsageMetric.Anomalies)]
    [InlineData("Any anomalies this week?", UsageMetric.Anomalies)]
    [InlineData("Were there any cost spikes yesterday?", UsageMetric.Anomalies)]
    [InlineData("Did any minute stand out in the last 2 hours?", UsageMetric.Anomalies)]
    public void Parses_the_metric(string question, UsageMetric metric)
    {
        Assert.Equal(metric, Parser.Parse(question)?.Metric);
    }

    [Theory]
    [InlineData("How many smalltalk questions did users ask this week?", Intents.Smalltalk)]
    [InlineData("How many out of scope questions came in today?", Intents.OutOfScope)]
    [InlineData("How many documents questions did we get today?", Intents.Documents)]
    public void Parses_a_count_of_one_intent(string question, string intent)
    {
        var parsed = Parser.Parse(question);

        Assert.NotNull(parsed);
        Assert.Equal(UsageMetric.CountOfIntent, parsed.Metric);
        Assert.Equal(intent, parsed.Intent);
    }

    [Theory]
    [InlineData("What is the travel policy for Germany?")]
    [InlineData("Tell me a joke")]
    [InlineData("Hello there")]
    public void Returns_null_for_questions_that_are_not_about_usage(string question)
    {
        Assert.Null(Parser.Parse(question));
    }
}
