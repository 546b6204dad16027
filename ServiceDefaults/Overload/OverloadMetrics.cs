using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Switchboard.ServiceDefaults.Overload;

/// <summary>
/// Requests a service refused because it was busy, and requests that ran out of their deadline, on the shared
/// <c>Switchboard</c> meter. Labels stay low-cardinality: the service and the route template, never the path.
/// </summary>
internal static class OverloadMetrics
{
    private static readonly Meter Meter = new(Microsoft.Extensions.Hosting.Extensions.TelemetrySourceName);

    private static readonly Counter<long> Shed = Meter.CreateCounter<long>(
        "switchboard.requests.shed", "{request}", "Requests refused with 503 because the service was at its concurrency and queue limits");

    private static readonly Counter<long> DeadlineExceeded = Meter.CreateCounter<long>(
        "switchboard.requests.deadline_exceeded", "{request}", "Requests ended with 504 because their deadline passed");

    public static void RecordShed(string service, HttpContext context) => Shed.Add(1, Tags(service, context));

    public static void RecordDeadlineExceeded(string service, HttpContext context) => DeadlineExceeded.Add(1, Tags(service, context));

    /// <summary>The route template ("/v1/ask", "/documents/{id}"); "unmatched" before or without routing.</summary>
    public static string Route(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint endpoint ? endpoint.RoutePattern.RawText ?? "unmatched" : "unmatched";

    private static TagList Tags(string service, HttpContext context) => new()
    {
        { "service", service },
        { "route", Route(context) },
    };
}
