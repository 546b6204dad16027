using Microsoft.Extensions.Options;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Reports;

/// <summary>Who may read the ReportingAgent's reports through the Gateway, bound from <c>Gateway:Reports</c>.</summary>
public sealed class ReportsOptions
{
    public const string SectionName = "Gateway:Reports";

    /// <summary>
    /// When set, only callers in this group read reports (the feedback export holds questions and answers); others get
    /// <c>403</c>. Unset: every caller of the API (the quick start's anonymous callers included).
    /// </summary>
    public string? RequiredGroup { get; set; }
}

/// <summary>
/// The ReportingAgent's reports under the public API (<c>/v1/reports/...</c>), so the web UI and SREs reach them through
/// the Gateway like everything else: usage, the periodic review and the feedback export. The query string is passed on
/// unchanged and the agent's answer (a report, or its 400 naming the parameter) is returned as it is; the agent down,
/// busy or out of time is the usual agent problem.
/// </summary>
public static class ReportsProxyApi
{
    /// <summary>The agent's headers worth passing on besides the content type.</summary>
    private static readonly string[] PassedHeaders = ["Switchboard-Skipped", "Content-Disposition"];

    public static IEndpointRouteBuilder MapReportsProxyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/reports").WithTags("Reports");
        group.MapGet("/usage", (HttpContext c, ReportingClient r, CallerResolver k, IOptions<ReportsOptions> o, ILoggerFactory l) => ProxyAsync("/reports/usage", c, r, k, o, l))
            .WithName("GetUsageReportThroughGateway")
            .WithSummary("Questions, outcomes, intents and latency percentiles over a time range (the ReportingAgent's usage report).");
        group.MapGet("/review", (HttpContext c, ReportingClient r, CallerResolver k, IOptions<ReportsOptions> o, ILoggerFactory l) => ProxyAsync("/reports/review", c, r, k, o, l))
            .WithName("GetReviewThroughGateway")
            .WithSummary("The cost and latency review: totals and per-day series, by intent and model, budget use, satisfaction, anomalies, top not-found questions, slowest stages.");
        group.MapGet("/anomalies", (HttpContext c, ReportingClient r, CallerResolver k, IOptions<ReportsOptions> o, ILoggerFactory l) => ProxyAsync("/reports/anomalies", c, r, k, o, l))
            .WithName("GetAnomaliesThroughGateway")
            .WithSummary("The hours (questions, cost, p95 latency, not-found share) and recent minutes (median latency, cost, error and not-found share) that stand out from those before them.");
        group.MapGet("/feedback/export", (HttpContext c, ReportingClient r, CallerResolver k, IOptions<ReportsOptions> o, ILoggerFactory l) => ProxyAsync("/reports/feedback/export", c, r, k, o, l))
            .WithName("ExportFeedbackThroughGateway")
            .WithSummary("Feedback as JSONL evaluation cases in the harness's question format.");
        return app;
    }

    public static IHostApplicationBuilder AddReportsProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.SectionName);
        return builder;
    }

    private static async Task<IResult> ProxyAsync(
        string path, HttpContext context, ReportingClient reporting, CallerResolver callers, IOptions<ReportsOptions> options, ILoggerFactory loggers)
    {
        if (options.Value.RequiredGroup is { Length: > 0 } required && !callers.Resolve(context).Groups.Contains(required, StringComparer.Ordinal))
        {
            return TypedResults.Problem($"Reports are readable by the group '{required}' only.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");
        }

        try
        {
            using var response = await reporting.GetReportAsync(path + context.Request.QueryString, context.RequestAborted);
            foreach (var header in PassedHeaders)
            {
                if (response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values))
                {
                    context.Response.Headers[header] = values.ToArray();
                }
            }

            var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
            return TypedResults.Content(body, response.Content.Headers.ContentType?.ToString() ?? "application/json", statusCode: (int)response.StatusCode);
        }
        catch (AgentCallException ex)
        {
            loggers.CreateLogger(typeof(ReportsProxyApi)).LogWarning("Report not served: {Failure}", ex.Message);
            return ex.ToProblem(context, "the report was not produced");
        }
    }
}
