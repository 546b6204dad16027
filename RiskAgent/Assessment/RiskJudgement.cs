using System.ComponentModel;

namespace Switchboard.RiskAgent.Assessment;

/// <summary>The structured output the risk-judge prompt asks the model for.</summary>
public sealed record RiskJudgement(
    [property: Description("low, medium or high.")] string Level,
    [property: Description("One short reason per concern; empty for a low-risk answer.")] IReadOnlyList<string>? Reasons);
