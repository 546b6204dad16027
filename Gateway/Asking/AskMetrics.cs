using System.Diagnostics.Metrics;
using Switchboard.AgentCore;
using Switchboard.AgentCore.AI.Usage;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// Questions by outcome and intent, how long they and each of their stages took, and the tokens and dollars they used
/// per model, on the shared Switchboard meter (catalogue: docs/metrics.md). Labels are low-cardinality only: status,
/// intent, stage, model, token type; never a caller, session or question. Recording is a few lock-free counter and
/// histogram updates with stack-allocated tags per question.
/// </summary>
public static class AskMetrics
{
    /// <summary>The outcome recorded when an agent was unavailable and the client got a 503.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The intent label of a question that never reached the router (refused at screening, or an agent failed first).</summary>
    public const string NoIntent = "none";

    // An agent call that failed otherwise records its AgentCallException.Outcome: busy (503), rejected (502), timeout (504).

    // The SDK's default buckets (0, 5, 10, 25 … 10000) suit milliseconds; these durations are in seconds. 5 s is a bucket
    // boundary because the SOP's rollback trigger is p95 > 5 s.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 30],
    };

    private static readonly Counter<long> Asks = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.gateway.asks", "{question}", "Questions answered by the Gateway, by status and intent");

    private static readonly Histogram<double> Duration = SwitchboardTelemetry.Meter.CreateHistogram(
        "switchboard.gateway.ask.duration", "s", "Time from receiving a question to returning its answer", tags: null, SecondsBuckets);

    private static readonly Histogram<double> StageDuration = SwitchboardTelemetry.Meter.CreateHistogram(
        "switchboard.gateway.stage.duration", "s", "Time one question spent in one stage (screen, route, cache, retrieval, reporting, review)", tags: null, SecondsBuckets);

    private static readonly Counter<long> Tokens = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.gateway.tokens", "{token}", "Tokens used by answers and reviews, by model and type (input, output)");

    private static readonly Counter<double> Cost = SwitchboardTelemetry.Meter.CreateCounter<double>(
        "switchboard.gateway.cost", "{USD}", "US dollars spent on answers and reviews, by model (priced from AI:Pricing)");

    public static void Record(string status, string? intent, TimeSpan elapsed)
    {
        var statusTag = new KeyValuePair<string, object?>("status", status);
        var intentTag = new KeyValuePair<string, object?>("intent", intent ?? NoIntent);
        Asks.Add(1, statusTag, intentTag);
        Duration.Record(elapsed.TotalSeconds, statusTag);
    }

    /// <summary>Each stage's time in milliseconds, as <see cref="StageTimings.Snapshot"/> gives it; "total" is the ask duration.</summary>
    public static void RecordStages(IReadOnlyDictionary<string, double> milliseconds)
    {
        foreach (var (stage, ms) in milliseconds)
        {
            if (stage != "total")
            {
                StageDuration.Record(ms / 1000, new KeyValuePair<string, object?>("stage", stage));
            }
        }
    }

    /// <summary>What each agent answer and review pass used, per model (a cached answer used nothing and records nothing).</summary>
    public static void RecordUsage(IReadOnlyList<AnswerUsage> usages)
    {
        foreach (var usage in usages)
        {
            var model = new KeyValuePair<string, object?>("model", usage.Model);
            Tokens.Add(usage.InputTokens, model, new KeyValuePair<string, object?>("type", "input"));
            Tokens.Add(usage.OutputTokens, model, new KeyValuePair<string, object?>("type", "output"));
            Cost.Add((double)usage.CostUsd, model);
        }
    }
}
