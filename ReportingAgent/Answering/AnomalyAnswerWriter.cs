using System.Globalization;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Answering;

/// <summary>
/// Words the anomaly detector's findings over a question's range ("anything unusual today?") as an agent answer. As for
/// the usage figures, every finding is one sentence of the cited context and the answer repeats the first ones word for
/// word, so the ComplianceAgent's overlap review finds them.
/// </summary>
public static class AnomalyAnswerWriter
{
    /// <summary>The most severe findings the answer names (the context and <c>GET /reports/anomalies</c> have them all).</summary>
    public const int NamedInAnswer = 3;

    /// <summary>Findings the context holds at most.</summary>
    public const int InContext = 20;

    public static AgentAnswer Write(UsageQuestion question, AnomalyReport report)
    {
        var range = question.RangeLabel;
        var threshold = Number(report.Threshold);
        var findings = report.Anomalies.Select(a => (a.Score, Sentence: Finding("hour", a.Hour, "yyyy-MM-dd HH:mm", a.Series, a.Value, a.Baseline, a.Score)))
            .Concat(report.Minutes.Select(m => (m.Score, Sentence: Finding("minute", m.Minute, "yyyy-MM-dd HH:mm", m.Series, m.Value, m.Baseline, m.Score))))
            .OrderByDescending(f => f.Score)
            .Select(f => f.Sentence)
            .Take(InContext)
            .ToList();

        var summary = findings.Count == 0
            ? $"Nothing unusual was found {range}: no hour's questions, cost, p95 latency or not-found share and no recent minute's median latency, cost, error share or not-found share scored {threshold} or more against the time before it."
            : $"{Count(report.Anomalies.Count, "unusual hour")} and {Count(report.Minutes.Count, "unusual minute")} were found {range} (a score of {threshold} or more against the time before them).";

        var answer = new[] { summary }.Concat(findings.Take(NamedInAnswer)).Select(s => s + " [1]");
        var timeRange = new TimeRange(report.From, report.To);
        var citation = new Citation(1, UsageAnswerWriter.LedgerDocumentId, UsageAnswerWriter.LedgerDocumentName, null, null,
            $"anomalies:{timeRange}", summary, 1.0);
        var context = new AnswerContext(1,
            $"{UsageAnswerWriter.LedgerDocumentName} anomalies {TimeRange.Format(report.From)}–{TimeRange.Format(report.To)}",
            string.Join(" ", new[] { summary }.Concat(findings)));
        return new AgentAnswer(UsageAnswerWriter.AgentName, AnswerStatus.Answered, string.Join(" ", answer), [citation], [context]);
    }

    private static string Finding(string unit, DateTimeOffset start, string format, string series, double value, double baseline, double score) =>
        $"The {unit} from {start.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)} UTC stood out in {SeriesWords(series)}: " +
        $"{Number(value)} against a usual {Number(baseline)} (score {Number(score)}).";

    private static string SeriesWords(string series) => series switch
    {
        HourlySeries.Questions => "questions",
        HourlySeries.CostUsd => "cost in USD",
        HourlySeries.LatencyP95Ms => "p95 latency in ms",
        MinuteSeries.LatencyP50Ms => "median latency in ms",
        MinuteSeries.ErrorRatio => "the share of failed questions",
        HourlySeries.NotFoundRatio => "the share of questions not found",
        _ => series,
    };

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
