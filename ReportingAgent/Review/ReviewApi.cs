using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Feedback;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Review;

/// <summary>The periodic review, the anomalous hours and the feedback export (the reports beside <c>/reports/usage</c>).</summary>
public static class ReviewApi
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/review", GetReviewAsync)
            .WithName("GetReview")
            .WithSummary("The cost and latency review: totals and per-day series, per intent and model, budget use, satisfaction, anomalies, top not-found questions, slowest stages.");
        app.MapGet("/reports/anomalies", GetAnomaliesAsync)
            .WithName("GetAnomalies")
            .WithSummary("Hours (questions, cost, p95 latency, not-found share) and recent minutes (median latency, cost, error and not-found share) that stood out from those before them.");
        app.MapGet("/reports/feedback/export", ExportFeedbackAsync)
            .WithName("ExportFeedback")
            .WithSummary("Feedback as JSONL: regression cases in the evaluation harness's question format, or (set=intents) the corrected intents.");
        return app;
    }

    public static async Task<Results<Ok<ReviewReport>, ValidationProblem>> GetReviewAsync(
        string? from,
        string? to,
        string? period,
        FeedbackStore feedback,
        AnomalyFinder anomalies,
        TimeProvider clock,
        IOptions<ReportingOptions> options,
        IOptions<ReviewBudgetOptions> budget)
    {
        if (!TryRange(from, to, period, clock.GetUtcNow(), options.Value, options.Value.DefaultReviewWindow, out var range, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var entries = await anomalies.ReadAsync(range); // the range and the anomaly windows before it (Build keeps the range's)
        var found = anomalies.Find(range, entries);
        var verdicts = await feedback.ReadAsync(range);
        return TypedResults.Ok(ReviewReportBuilder.Build(
            range, entries, verdicts, budget.Value.DailyUsd, found.Anomalies, options.Value.TopNotFoundQuestions) with { MinuteAnomalies = found.Minutes });
    }

    public static async Task<Results<Ok<AnomalyReport>, ValidationProblem>> GetAnomaliesAsync(
        string? from,
        string? to,
        AnomalyFinder anomalies,
        TimeProvider clock,
        IOptions<ReportingOptions> options)
    {
        if (!TryRange(from, to, null, clock.GetUtcNow(), options.Value, options.Value.DefaultReportWindow, out var range, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await anomalies.FindAsync(range));
    }

    /// <summary>
    /// The verdicts given in the range as JSONL (<c>application/x-ndjson</c>), one evaluation case per line
    /// (<see cref="FeedbackExport"/>); <c>verdict=up|down</c> keeps one kind. The header <c>Switchboard-Skipped</c> counts the
    /// verdicts that could not become a case.
    /// </summary>
    public const string CasesSet = "cases";
    public const string IntentsSet = "intents";

    public static async Task<Results<ContentHttpResult, ValidationProblem>> ExportFeedbackAsync(
        string? from,
        string? to,
        string? verdict,
        string? set,
        HttpContext context,
        FeedbackStore feedback,
        TimeProvider clock,
        IOptions<ReportingOptions> options)
    {
        if (!ReportRangeQuery.TryParse(from, to, clock.GetUtcNow(), options.Value.DefaultExportWindow, out var range, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (verdict is not null && !FeedbackVerdicts.All.Contains(verdict))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["verdict"] = [$"'{verdict}' is not a verdict: use '{FeedbackVerdicts.Up}' or '{FeedbackVerdicts.Down}', or leave it out for both."],
            });
        }

        if (set is not null and not (CasesSet or IntentsSet))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["set"] = [$"'{set}' is not a set: use '{CasesSet}' (evaluation cases, the default) or '{IntentsSet}' (corrected intents)."],
            });
        }

        var entries = (await feedback.ReadAsync(range)).Where(f => verdict is null || f.Verdict == verdict).ToList();
        var name = set == IntentsSet ? "intents" : "feedback";
        context.Response.Headers.ContentDisposition =
            $"attachment; filename=\"{name}-{range.From.UtcDateTime:yyyyMMdd'T'HHmm}-{range.To.UtcDateTime:yyyyMMdd'T'HHmm}.jsonl\"";
        if (set == IntentsSet)
        {
            var corrections = FeedbackExport.IntentCorrections(entries);
            context.Response.Headers["Switchboard-Skipped"] = (entries.Count - corrections.Count).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Content(FeedbackExport.Jsonl(corrections), "application/x-ndjson; charset=utf-8");
        }

        var (cases, skipped) = FeedbackExport.Cases(entries);
        context.Response.Headers["Switchboard-Skipped"] = skipped.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Content(FeedbackExport.Jsonl(cases), "application/x-ndjson; charset=utf-8");
    }

    /// <summary>
    /// <c>from</c>/<c>to</c> as for the usage report; without them <c>period</c> (<c>day</c>, <c>week</c>, <c>month</c>: the
    /// last 1, 7 or 30 days up to now) or else <paramref name="defaultWindow"/>. Longer than
    /// <see cref="ReportingOptions.MaxReviewRange"/> is a 400 naming <c>from</c>.
    /// </summary>
    private static bool TryRange(
        string? from, string? to, string? period, DateTimeOffset now, ReportingOptions options, TimeSpan defaultWindow,
        out TimeRange range, out Dictionary<string, string[]> errors)
    {
        var window = defaultWindow;
        if (period is not null)
        {
            switch (period.Trim().ToLowerInvariant())
            {
                case "day": window = TimeSpan.FromDays(1); break;
                case "week": window = TimeSpan.FromDays(7); break;
                case "month": window = TimeSpan.FromDays(30); break;
                default:
                    range = default;
                    errors = new() { ["period"] = [$"'{period}' is not a period: use day, week or month (or from/to)."] };
                    return false;
            }
        }

        if (!ReportRangeQuery.TryParse(from, to, now, window, out range, out errors))
        {
            return false;
        }

        if (range.To - range.From > options.MaxReviewRange)
        {
            errors["from"] = [$"The range is {(range.To - range.From).TotalDays:0.#} days long; the limit is {options.MaxReviewRange.TotalDays:0.#} days."];
            return false;
        }

        return true;
    }
}
