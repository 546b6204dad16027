using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Switchboard.ServiceDefaults.ServiceAuth;

/// <summary><c>switchboard.service_auth.refused{reason}</c>: calls an agent refused for a missing or bad service token.</summary>
internal static class ServiceAuthMetrics
{
    private static readonly Meter Meter = new(Extensions.TelemetrySourceName);
    private static readonly Counter<long> RefusedCalls = Meter.CreateCounter<long>(
        "switchboard.service_auth.refused", "{request}", "Calls refused for a missing, forged or expired service token");

    public static void Refused(string reason) => RefusedCalls.Add(1, new KeyValuePair<string, object?>("reason", Reason(reason)));

    // A fixed set of label values: the reason text never carries request data.
    private static string Reason(string reason) => reason switch
    {
        _ when reason.StartsWith("no ", StringComparison.Ordinal) => "missing",
        _ when reason.Contains("signature", StringComparison.Ordinal) => "signature",
        _ when reason.Contains("expired", StringComparison.Ordinal) => "expired",
        _ => "malformed",
    };
}
