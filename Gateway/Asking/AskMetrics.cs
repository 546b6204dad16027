using System.Diagnostics.Metrics;
using Switchboard.AgentCore;

namespace Switchboard.Gateway.Asking;

/// <summary>Questions by outcome and how long they took, on the shared Switchboard meter.</summary>
public static class AskMetrics
{
    /// <summary>The outcome recorded when an agent was unavailable and the client got a 503.</summary>
    public const string Unavailable = "unavailable";

    // An agent call that failed otherwise records its AgentCallException.Outcome: busy (503), rejected (502), timeout (504).

    private static readonly Counter<long> Asks = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.gateway.asks", "{question}", "Questions answered by the Gateway, by status");

    private static readonly Histogram<double> Duration = SwitchboardTelemetry.Meter.CreateHistogram<double>(
        "switchboard.gateway.ask.duration", "s", "Time from receiving a question to returning its answer");

    public static void Record(string status, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("status", status);
        Asks.Add(1, tag);
        Duration.Record(elapsed.TotalSeconds, tag);
    }
}
