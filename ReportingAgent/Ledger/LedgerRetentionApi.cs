using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Ledger;

/// <summary>
/// <c>POST /ledger/retention</c>: one trim of the ledger to <see cref="ReportingOptions.LedgerRetention"/> now, by the
/// same <see cref="LedgerRetentionService"/> that runs every <see cref="ReportingOptions.LedgerTrimInterval"/>. The
/// retention workflow calls it to report how many entries went; the rule stays here, with the ledger.
/// </summary>
public static class LedgerRetentionApi
{
    public static IEndpointRouteBuilder MapLedgerRetentionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ledger/retention", TrimAsync)
            .WithName("TrimLedger")
            .WithSummary("Removes the ledger entries older than Reporting:LedgerRetention now and says how many went.");
        return app;
    }

    public static async Task<Ok<LedgerTrimResult>> TrimAsync(
        LedgerRetentionService retention, IOptions<ReportingOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.LedgerRetention;
        var removed = await retention.TrimOnceAsync(cancellationToken);
        return TypedResults.Ok(new LedgerTrimResult(removed, cutoff, options.Value.LedgerRetention));
    }
}

public sealed record LedgerTrimResult(long Removed, DateTimeOffset Cutoff, TimeSpan Retention);
