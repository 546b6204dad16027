using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.Workflows.Clients;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Dags.Review;

/// <summary><c>Workflows:Review</c>.</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Workflows:Review";

    /// <summary>The period the review covers, ending when it runs.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many reviews are kept (Redis list <c>sb:wf:reviews</c>, newest first).</summary>
    public int Keep { get; set; } = 52;
}

/// <summary>
/// (c) Weekly review: fetches the ReportingAgent's cost/latency review for the last <see cref="ReviewOptions.Window"/>
/// (<c>GET /reports/review</c>) and stores it: the run's step data (<c>GET /v1/workflows/weekly-review/runs/{id}</c>) and
/// the list <c>sb:wf:reviews</c>. Both steps link the web UI's review page drawing that stored report
/// (<c>review.html?run={id}</c>), which stays readable after the ledger it was computed from is trimmed.
/// </summary>
public sealed class WeeklyReviewDag(ReportingApi reporting, IConnectionMultiplexer redis, IOptionsMonitor<ReviewOptions> options, TimeProvider clock)
    : IWorkflowDag
{
    public const string DagName = "weekly-review";
    public const string ReviewsKey = "sb:wf:reviews";

    public string Name => DagName;

    public string Description => "Fetches the cost/latency review of the past week from the ReportingAgent and stores it.";

    public IReadOnlyList<WorkflowStep> Steps =>
    [
        WorkflowStep.Create("fetch-review", FetchAsync),
        WorkflowStep.Create("store-review", StoreAsync, "fetch-review"),
    ];

    private async Task<StepResult> FetchAsync(StepContext context, CancellationToken cancellationToken)
    {
        var to = clock.GetUtcNow();
        var from = to - options.CurrentValue.Window;
        var report = await reporting.ReviewAsync(from, to, cancellationToken);
        return new StepResult($"review for {from:yyyy-MM-dd HH:mm} – {to:yyyy-MM-dd HH:mm} UTC", new StoredReview(context.Run.Id, from, to, report),
            ReviewLink(context.Run.Id));
    }

    private async Task<StepResult> StoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var review = context.Output<StoredReview>("fetch-review");
        var db = redis.GetDatabase();
        var json = JsonSerializer.Serialize(review, SwitchboardJson.Options);
        // Idempotent: a resumed run does not store its review twice.
        var already = (await db.ListRangeAsync(ReviewsKey, 0, 0)).FirstOrDefault();
        if (already.IsNullOrEmpty || JsonSerializer.Deserialize<StoredReview>(already.ToString(), SwitchboardJson.Options)?.RunId != review.RunId)
        {
            await db.ListLeftPushAsync(ReviewsKey, json);
            await db.ListTrimAsync(ReviewsKey, 0, options.CurrentValue.Keep - 1);
        }

        return new StepResult($"stored in {ReviewsKey} (run {review.RunId}; the report is this run's fetch-review data)", Link: ReviewLink(review.RunId));
    }

    /// <summary>The web UI's review page showing the report this run stored.</summary>
    public static string ReviewLink(string runId) => $"/review.html?run={Uri.EscapeDataString(runId)}";

    public sealed record StoredReview(string RunId, DateTimeOffset From, DateTimeOffset To, JsonElement Report);
}
