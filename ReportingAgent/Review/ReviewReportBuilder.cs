using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Feedback;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Review;

/// <summary>Builds a <see cref="ReviewReport"/> from the ledger entries and feedback of its range.</summary>
public static class ReviewReportBuilder
{
    /// <param name="entries">Ledger entries of the range (others are ignored).</param>
    /// <param name="feedback">Verdicts given in the range (a day's satisfaction is that of the verdicts given that day).</param>
    /// <param name="anomalies">The anomalous hours of the range (<see cref="HourlySeries.Find"/>).</param>
    /// <param name="topNotFound">How many not-found questions to list at most.</param>
    public static ReviewReport Build(
        TimeRange range,
        IEnumerable<LedgerEntry> entries,
        IEnumerable<FeedbackEntry> feedback,
        decimal? dailyBudgetUsd,
        IReadOnlyList<Anomaly> anomalies,
        int topNotFound = 10)
    {
        dailyBudgetUsd = dailyBudgetUsd is > 0 ? dailyBudgetUsd : null;
        var inRange = entries.Where(e => e.OccurredAt >= range.From && e.OccurredAt < range.To).ToList();
        var verdicts = feedback.Where(f => f.GivenAt >= range.From && f.GivenAt < range.To).ToList();

        var days = new List<ReviewDay>();
        for (var day = DateOnly.FromDateTime(range.From.UtcDateTime); Start(day) < range.To; day = day.AddDays(1))
        {
            var (start, end) = (Start(day), Start(day.AddDays(1)));
            var dayEntries = inRange.Where(e => e.OccurredAt >= start && e.OccurredAt < end).ToList();
            var figures = Figures(dayEntries, verdicts.Where(f => f.GivenAt >= start && f.GivenAt < end));
            var latencyByIntent = Intents.All.Append(UsageReportBuilder.NoIntent)
                .ToDictionary(i => i, i => Percentiles(dayEntries.Where(e => IntentOf(e) == i)));
            days.Add(new ReviewDay(day, figures, dailyBudgetUsd is { } budget ? Math.Round((double)(figures.CostUsd / budget), 4) : null, latencyByIntent));
        }

        var byIntent = Intents.All.Append(UsageReportBuilder.NoIntent)
            .Concat(inRange.Select(IntentOf))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(i => i, i => Figures(inRange.Where(e => IntentOf(e) == i), verdicts.Where(f => (f.Intent ?? UsageReportBuilder.NoIntent) == i)));

        var byModel = new SortedDictionary<string, UsageTotals>(StringComparer.OrdinalIgnoreCase);
        foreach (var usage in inRange.Select(e => e.Usage).OfType<AgentCore.AI.Usage.AnswerUsage>())
        {
            var model = string.IsNullOrWhiteSpace(usage.Model) ? "unknown" : usage.Model;
            byModel[model] = byModel.GetValueOrDefault(model, UsageTotals.Zero).Add(usage.InputTokens, usage.OutputTokens, usage.CostUsd);
        }

        var maxDay = days.Count == 0 ? 0m : days.Max(d => d.Figures.CostUsd);
        var budgetUse = new BudgetUse(
            dailyBudgetUsd,
            maxDay,
            dailyBudgetUsd is { } daily ? Math.Round((double)(maxDay / daily), 4) : null,
            dailyBudgetUsd is { } limit ? days.Count(d => d.Figures.CostUsd > limit) : 0);

        return new ReviewReport(range.From, range.To, Figures(inRange, verdicts), days, byIntent, byModel, budgetUse, anomalies,
            ReviewRankings.TopNotFound(inRange, topNotFound), ReviewRankings.Stages(inRange));
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string IntentOf(LedgerEntry entry) => string.IsNullOrEmpty(entry.Intent) ? UsageReportBuilder.NoIntent : entry.Intent;

    private static ReviewFigures Figures(IEnumerable<LedgerEntry> entries, IEnumerable<FeedbackEntry> feedback)
    {
        var list = entries.ToList();
        var notFound = list.Count(e => e.Status == AnswerStatus.NotFound);
        return new ReviewFigures(
            list.Count,
            list.Count(e => e.Status == AnswerStatus.Answered),
            notFound,
            list.Count(e => e.Status == AnswerStatus.Refused),
            list.Count(e => e.Status == AnswerStatus.Failed),
            list.Count == 0 ? null : Math.Round((double)notFound / list.Count, 4),
            list.Sum(e => (long)(e.Usage?.InputTokens ?? 0)),
            list.Sum(e => (long)(e.Usage?.OutputTokens ?? 0)),
            list.Sum(e => e.Usage?.CostUsd ?? 0m),
            Percentiles(list),
            SatisfactionFigures.Of(feedback));
    }

    private static LatencyPercentiles Percentiles(IEnumerable<LedgerEntry> entries)
    {
        var sorted = entries.Select(e => e.LatencyMs).Order().ToList();
        return new LatencyPercentiles(UsageReportBuilder.NearestRank(sorted, 50), UsageReportBuilder.NearestRank(sorted, 95));
    }
}
