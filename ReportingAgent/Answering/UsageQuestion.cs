using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Answering;

/// <summary>What a usage question asks for.</summary>
public enum UsageMetric
{
    /// <summary>Questions asked, with the outcome breakdown ("show usage").</summary>
    Summary,
    /// <summary>Questions asked.</summary>
    Total,
    Answered,
    NotFound,
    Refused,
    PendingApproval,
    LatencyMedian,
    LatencyP95,
    /// <summary>Median and p95.</summary>
    Latency,
    /// <summary>Questions of each intent.</summary>
    CountPerIntent,
    /// <summary>Questions of the one intent in <see cref="UsageQuestion.Intent"/>.</summary>
    CountOfIntent,
    MostCommonIntent,
    /// <summary>Input and output tokens used.</summary>
    Tokens,
    /// <summary>What the models cost, in US dollars (with the tokens it was for).</summary>
    Cost,
    /// <summary>What the anomaly detector found ("anything unusual today?", "any anomalies this week?").</summary>
    Anomalies,
}

/// <summary>
/// A parsed usage question: the metric, the UTC range, and the range's words as the answer says them
/// ("today", "last week", "in the last 7 days").
/// </summary>
public sealed record UsageQuestion(UsageMetric Metric, TimeRange Range, string RangeLabel, string? Intent = null);
