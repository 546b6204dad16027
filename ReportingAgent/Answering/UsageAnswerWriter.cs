using System.Globalization;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Answering;

/// <summary>
/// Words a usage report as an agent answer. Every figure of the report becomes one sentence (a "fact"); the context
/// holds all facts and the answer repeats the ones the question asks for, word for word, so the ComplianceAgent's
/// overlap review finds each answer sentence's terms and numbers in the cited context.
/// </summary>
public static class UsageAnswerWriter
{
    public const string AgentName = AgentNames.Reporting;
    public const string LedgerDocumentId = "usage-ledger";
    public const string LedgerDocumentName = "Usage ledger";

    public const string NotUnderstood = NotFoundSentences.NotAUsageQuestion;

    public static AgentAnswer NotAUsageQuestion() => new(AgentName, AnswerStatus.NotFound, NotUnderstood, [], []);

    public static AgentAnswer Write(UsageQuestion question, UsageReport report)
    {
        var facts = new UsageFacts(report, question.RangeLabel);
        IEnumerable<string> sentences = question.Metric switch
        {
            UsageMetric.Summary => [facts.Total, facts.StatusBreakdown],
            UsageMetric.Total => [facts.Total],
            UsageMetric.Answered => [facts.Status(AnswerStatus.Answered)],
            UsageMetric.NotFound => [facts.Status(AnswerStatus.NotFound)],
            UsageMetric.Refused => [facts.Status(AnswerStatus.Refused)],
            UsageMetric.PendingApproval => [facts.Status(AnswerStatus.PendingApproval)],
            UsageMetric.LatencyMedian => [facts.Median],
            UsageMetric.LatencyP95 => [facts.P95],
            UsageMetric.Latency => facts.Median == facts.P95 ? [facts.Median] : [facts.Median, facts.P95],
            UsageMetric.CountPerIntent => [facts.IntentBreakdown],
            UsageMetric.CountOfIntent => [facts.Intent(question.Intent ?? Intents.Documents)],
            UsageMetric.MostCommonIntent => [facts.MostCommonIntent],
            UsageMetric.Tokens => [facts.Tokens],
            UsageMetric.Cost => [facts.Cost],
            _ => throw new ArgumentOutOfRangeException(nameof(question), question.Metric, "unknown metric"),
        };

        var range = new TimeRange(report.From, report.To);
        var citation = new Citation(
            Number: 1,
            DocumentId: LedgerDocumentId,
            DocumentName: LedgerDocumentName,
            Page: null,
            Row: null,
            ChunkId: $"usage:{range}",
            Snippet: facts.Snippet,
            Score: 1.0);
        var context = new AnswerContext(
            1, $"{LedgerDocumentName} {TimeRange.Format(range.From)}–{TimeRange.Format(range.To)}", string.Join(" ", facts.All));

        return new AgentAnswer(
            AgentName,
            AnswerStatus.Answered,
            string.Join(" ", sentences.Distinct().Select(s => s + " [1]")),
            [citation],
            [context]);
    }

    /// <summary>Each figure of one report as a sentence, with the range in the answer's own words.</summary>
    private sealed class UsageFacts(UsageReport report, string range)
    {
        private static readonly (string Status, string Words)[] StatusWords =
        [
            (AnswerStatus.Answered, "answered"),
            (AnswerStatus.NotFound, "not found"),
            (AnswerStatus.Refused, "refused"),
            (AnswerStatus.PendingApproval, "pending approval"),
            (AnswerStatus.Failed, "lost to an error"),
        ];

        private int Asked => report.Total;

        public string Total => $"{QuestionsWere(Asked)} asked {range}.";

        public string Status(string status) =>
            $"{QuestionsWere(report.ByStatus.GetValueOrDefault(status))} {WordsFor(status)} {range} (of {Asked} asked).";

        public string StatusBreakdown =>
            $"By status {range}: {string.Join(", ", report.ByStatus.Select(s => $"{WordsFor(s.Key)} {s.Value}"))}.";

        public string Intent(string intent) =>
            $"{Count(report.ByIntent.GetValueOrDefault(intent))} {intent} {(report.ByIntent.GetValueOrDefault(intent) == 1 ? "question was" : "questions were")} asked {range} (of {Asked} asked).";

        public string IntentBreakdown =>
            $"Questions per intent {range}: {string.Join(", ", report.ByIntent.Select(i => $"{i.Key} {i.Value}"))}.";

        public string MostCommonIntent
        {
            get
            {
                if (Asked == 0)
                {
                    return $"No questions were asked {range}, so there is no most common intent.";
                }

                var top = report.ByIntent.Values.Max();
                var intents = report.ByIntent.Where(i => i.Value == top).Select(i => i.Key).ToList();
                return intents.Count == 1
                    ? $"The most common intent {range} was {intents[0]} with {top} of {Asked} questions."
                    : $"The most common intents {range} were {string.Join(" and ", intents)} with {top} of {Asked} questions each.";
            }
        }

        public string Median => report.LatencyMs.P50 is { } p50
            ? $"The median (p50) latency {range} was {Ms(p50)} ms over {QuestionCount(Asked)}."
            : NoLatency;

        public string P95 => report.LatencyMs.P95 is { } p95
            ? $"The p95 latency {range} was {Ms(p95)} ms over {QuestionCount(Asked)}."
            : NoLatency;

        public string Tokens =>
            $"{Count(report.Usage.InputTokens + report.Usage.OutputTokens)} tokens were used {range}: {Count(report.Usage.InputTokens)} input and {Count(report.Usage.OutputTokens)} output tokens.";

        public string Cost =>
            $"The model cost {range} was {Usd(report.Usage.CostUsd)} USD for {Count(report.Usage.InputTokens)} input and {Count(report.Usage.OutputTokens)} output tokens.";

        public string ByModel => report.Usage.ByModel.Count == 0
            ? $"No model usage was recorded {range}."
            : $"Usage by model {range}: {string.Join(", ", report.Usage.ByModel.Select(m => $"{m.Key} {Count(m.Value.TotalTokens)} tokens {Usd(m.Value.CostUsd)} USD"))}.";

        public IEnumerable<string> All =>
            new[] { Total }
                .Concat(report.ByStatus.Keys.Select(Status))
                .Append(StatusBreakdown)
                .Concat(report.ByIntent.Keys.Select(Intent))
                .Append(IntentBreakdown)
                .Append(MostCommonIntent)
                .Append(Median)
                .Append(P95)
                .Append(Tokens)
                .Append(Cost)
                .Append(ByModel)
                .Distinct();

        public string Snippet =>
            $"{range}: {Asked} asked; {string.Join(", ", report.ByStatus.Select(s => $"{WordsFor(s.Key)} {s.Value}"))}; " +
            $"latency p50 {(report.LatencyMs.P50 is { } p50 ? Ms(p50) + " ms" : "n/a")}, p95 {(report.LatencyMs.P95 is { } p95 ? Ms(p95) + " ms" : "n/a")}; " +
            $"tokens {Count(report.Usage.InputTokens)} in, {Count(report.Usage.OutputTokens)} out; cost {Usd(report.Usage.CostUsd)} USD.";

        private string NoLatency => $"No latency was recorded {range} because no questions were asked.";

        private static string WordsFor(string status) =>
            StatusWords.FirstOrDefault(s => s.Status == status).Words ?? $"recorded as {status}";

        private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

        // Up to a millionth of a dollar: one extractive answer costs 0, one small model call a fraction of a cent.
        private static string Usd(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

        private static string QuestionsWere(int n) => n == 1 ? "1 question was" : $"{Count(n)} questions were";

        private static string QuestionCount(int n) => n == 1 ? "1 question" : $"{Count(n)} questions";

        private static string Ms(double value) => Math.Round(value).ToString("0", CultureInfo.InvariantCulture);
    }
}
