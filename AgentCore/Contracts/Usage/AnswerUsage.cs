using System.Text.Json.Serialization;

namespace Switchboard.AgentCore.AI.Usage;

/// <summary>
/// What one answer cost: <c>usage{inputTokens, outputTokens, costUsd, model}</c> on every answer and interaction event.
/// </summary>
/// <param name="InputTokens">Prompt tokens (provider-reported, or counted with o200k when the provider reports none).</param>
/// <param name="OutputTokens">Completion tokens, same rule.</param>
/// <param name="CostUsd">From the <c>AI:Pricing</c> table; 0 when the model has no price (then <see cref="Unpriced"/> is true).</param>
/// <param name="Model">The model the provider says answered, else the configured one.</param>
public sealed record AnswerUsage(int InputTokens, int OutputTokens, decimal CostUsd, string Model)
{
    /// <summary>No usage at all (nothing was asked of a model).</summary>
    public static AnswerUsage None { get; } = new(0, 0, 0m, "none");

    /// <summary>True when <see cref="Model"/> has no entry in <c>AI:Pricing</c>, so <see cref="CostUsd"/> is 0 by default, not by price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Unpriced { get; init; }

    /// <summary>True when at least one token count was estimated with the tokenizer rather than reported by the provider.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Estimated { get; init; }
}
