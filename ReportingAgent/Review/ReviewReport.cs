using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Feedback;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Review;

/// <summary>
/// The SOP's periodic cost and latency review over a range (<c>GET /reports/review</c>): totals, one row per UTC day,
/// latency and not-found per intent, spend per model, budget use, user satisfaction, the anomalous hours, the questions
/// most often not found and the slowest stages.
/// </summary>
public sealed record ReviewReport(
    DateTimeOffset From,
    DateTimeOffset To,
    ReviewFigures Totals,
    IReadOnlyList<ReviewDay> Days,
    IReadOnlyDictionary<string, ReviewFigures> ByIntent,
    IReadOnlyDictionary<string, UsageTotals> ByModel,
    BudgetUse Budget,
    IReadOnlyList<Anomaly> Anomalies,
    TopNotFound TopNotFound,
    IReadOnlyList<StageLatency> Stages)
{
    /// <summary>The anomalous minutes of the range's last <c>Reporting:MinuteAnomalyLookback</c> (a day by default).</summary>
    public IReadOnlyList<MinuteAnomaly> MinuteAnomalies { get; init; } = [];
}

/// <summary>Figures of a set of questions: counts, not-found rate, tokens, cost, latency percentiles and feedback.</summary>
public sealed record ReviewFigures(
    int Questions,
    int Answered,
    int NotFound,
    int Refused,
    int Failed,
    double? NotFoundRate,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    LatencyPercentiles LatencyMs,
    SatisfactionFigures Feedback);

/// <summary>One UTC day of the review; <see cref="BudgetShare"/> is the day's cost ÷ <c>Budget:DailyUsd</c>.</summary>
public sealed record ReviewDay(
    DateOnly Date,
    ReviewFigures Figures,
    double? BudgetShare,
    IReadOnlyDictionary<string, LatencyPercentiles> LatencyByIntent);

/// <summary>The configured daily budget and how the range's days used it.</summary>
public sealed record BudgetUse(decimal? DailyUsd, decimal MaxDayCostUsd, double? MaxDayShare, int DaysOverBudget);

/// <summary>
/// The not-found questions of the range, most often asked first (at most <c>Reporting:TopNotFoundQuestions</c>):
/// screened text only, as the Gateway recorded it. <see cref="Distinct"/> counts the different questions,
/// <see cref="WithoutText"/> the not-found entries recorded before the ledger kept their text.
/// </summary>
public sealed record TopNotFound(IReadOnlyList<NotFoundQuestion> Questions, int Distinct, int WithoutText);

/// <summary>One not-found question: its latest wording, how often it (or the same words in another case or spacing) was asked, when last, and its intent.</summary>
public sealed record NotFoundQuestion(string Question, int Count, DateTimeOffset LastAskedAt, string? Intent);

/// <summary>Time spent in one stage of a question (screen, route, cache, retrieval, reporting, review, risk, …) over the range, slowest p95 first.</summary>
public sealed record StageLatency(string Stage, int Count, double? P50Ms, double? P95Ms);
