using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Feedback;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Review;

/// <summary>
/// The SOP's periodic cost and latency review over a range (<c>GET /reports/review</c>): totals, one row per UTC day,
/// latency and not-found per intent, spend per model, budget use, user satisfaction and the anomalous hours.
/// </summary>
public sealed record ReviewReport(
    DateTimeOffset From,
    DateTimeOffset To,
    ReviewFigures Totals,
    IReadOnlyList<ReviewDay> Days,
    IReadOnlyDictionary<string, ReviewFigures> ByIntent,
    IReadOnlyDictionary<string, UsageTotals> ByModel,
    BudgetUse Budget,
    IReadOnlyList<Anomaly> Anomalies);

/// <summary>Figures of a set of questions: counts, not-found rate, tokens, cost, latency percentiles and feedback.</summary>
public sealed record ReviewFigures(
    int Questions,
    int Answered,
    int NotFound,
    int Refused,
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
