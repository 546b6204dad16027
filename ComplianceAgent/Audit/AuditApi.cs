using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.ComplianceAgent.Audit;

public static class AuditApi
{
    private const int DefaultCount = 50;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit", ReadAudit)
            .WithName("ReadAuditLog")
            .WithSummary("The newest audit log entries, newest first (count 1..500, default 50).");
        return app;
    }

    // count is bound as text so a non-number gets the same field-naming 400 as an out-of-range one.
    public static async Task<Results<Ok<AuditLogPage>, ValidationProblem>> ReadAudit(string? count, AuditLog auditLog)
    {
        var requested = DefaultCount;
        if (count is not null
            && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out requested)
                || requested is < 1 or > AuditOptions.MaxReadCount))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["count"] = [$"count must be a whole number from 1 to {AuditOptions.MaxReadCount}."],
            });
        }

        return TypedResults.Ok(new AuditLogPage(await auditLog.ReadNewestAsync(requested)));
    }
}
