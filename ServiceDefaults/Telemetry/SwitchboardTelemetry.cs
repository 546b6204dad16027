using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Switchboard.AgentCore;

/// <summary>The ActivitySource and Meter for Switchboard's own spans and instruments (exported by ServiceDefaults).</summary>
public static class SwitchboardTelemetry
{
    public const string Name = Microsoft.Extensions.Hosting.Extensions.TelemetrySourceName;

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);
}
