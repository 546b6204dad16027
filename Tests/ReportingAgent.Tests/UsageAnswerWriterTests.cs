using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Answering;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Tests;

public sealed partial class UsageAnswerWriterTests
{
    private static readonly TimeRange Today = new(
        new DateTimeOffset(2025, 3, 12, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 12, 15, 30, 0, TimeSpan.Zero));

    private static UsageReport Report()
    {
        string[] statuses = [AnswerStatus.Answered, AnswerStatus.Answered, AnswerStatus.NotFound, AnswerStatus.NotFound, AnswerStatus.Refused];
        var entries = statuses.Select((status, i) => new LedgerEntry(
            $"a{i}", Today.From.AddHours(i + 1), status, i < 4 ? Intents.Documents : null, (i + 1) * 100, [], null, 0));
        return UsageReportBuilder.Build(Today, entries);
    }

    [Fact]
    public void Not_found_question_states_the_count_and_cites_the_ledger()
    {
        var answer = UsageAnswerWriter.Write(new UsageQuestion(UsageMetric.NotFound, Today, "today"), Report());

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal(AgentNames.Reporting, answer.Agent);
        Assert.Equal("2 questions were not found today (of 5 asked). [1]", answer.Answer);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(1, citation.Number);
        Assert.Equal("usage-ledger", citation.DocumentId);
        Assert.Equal("Usage ledger", citation.DocumentName);
        Assert.Null(citation.Page);
        Assert.Null(citation.Row);
        Assert.Equal("usage:2025-03-12T00:00:00Z/2025-03-12T15:30:00Z", citation.ChunkId);
        Assert.Equal(1.0, citation.Score);
        var context = Assert.Single(answer.Contexts);
        Assert.Equal(1, context.Number);
        Assert.Equal("Usage ledger 2025-03-12T00:00:00Z–2025-03-12T15:30:00Z", context.Source);
    }

    [Theory]
    [InlineData(UsageMetric.Summary)]
    [InlineData(UsageMetric.Total)]
    [InlineData(UsageMetric.Answered)]
    [InlineData(UsageMetric.NotFound)]
    [InlineData(UsageMetric.Refused)]
    [InlineData(UsageMetric.PendingApproval)]
    [InlineData(UsageMetric.LatencyMedian)]
    [InlineData(UsageMetric.LatencyP95)]
    [InlineData(UsageMetric.Latency)]
    [InlineData(UsageMetric.CountPerIntent)]
    [InlineData(UsageMetric.CountOfIntent)]
    [InlineData(UsageMetric.MostCommonIntent)]
    public void Every_answer_sentence_ends_with_the_marker_and_appears_in_the_context(UsageMetric metric)
    {
        var answer = UsageAnswerWriter.Write(new UsageQuestion(metric, Today, "today", Intents.Documents), Report());

        var sentences = AnswerSentence().Matches(answer.Answer).Select(m => m.Groups["sentence"].Value).ToList();
        Assert.NotEmpty(sentences);
        Assert.Equal(answer.Answer, string.Join(" ", sentences.Select(s => s + " [1]")));
        var context = Assert.Single(answer.Contexts).Text;
        Assert.All(sentences, s => Assert.Contains(s, context));
    }

    [Fact]
    public void Latency_sentences_give_nearest_rank_values()
    {
        var answer = UsageAnswerWriter.Write(new UsageQuestion(UsageMetric.Latency, Today, "today"), Report());

        // Latencies 100..500: p50 = 3rd value, p95 = 5th value.
        Assert.Equal(
            "The median (p50) latency today was 300 ms over 5 questions. [1] The p95 latency today was 500 ms over 5 questions. [1]",
            answer.Answer);
    }

    [Fact]
    public void Non_usage_question_is_not_found_without_citations()
    {
        var answer = UsageAnswerWriter.NotAUsageQuestion();

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Empty(answer.Citations);
        Assert.Empty(answer.Contexts);
        Assert.DoesNotContain("[1]", answer.Answer);
    }

    [GeneratedRegex(@"\s*(?<sentence>[^\[]+?) \[1\]")]
    private static partial Regex AnswerSentence();
}
