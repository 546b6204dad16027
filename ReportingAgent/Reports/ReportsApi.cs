using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.ReportingAgent.Ledger;

namespace Switchboard.ReportingAgent.Reports;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/usage", GetUsage)
            .WithName("GetUsageReport")
            .WithSummary("Questions, outcomes, intents and latency percentiles over a time range (default: the last 24 hours).");
        return app;
    }

    public static async Task<Results<Ok<UsageReport>, ValidationProblem>> GetUsage(
        string? from,
        string? to,
        LedgerStore ledger,
        TimeProvider clock,
        IOptions<ReportingOptions> options)
    {
        if (!ReportRangeQuery.TryParse(from, to, clock.GetUtcNow(), options.Value.DefaultReportWindow, out var range, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var entries = await ledger.ReadAsync(range);
        return TypedResults.Ok(UsageReportBuilder.Build(range, entries));
    }
}
