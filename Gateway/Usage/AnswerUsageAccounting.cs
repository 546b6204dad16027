using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Usage;

/// <summary>
/// The usage of one answer: what each agent and review pass reported, and for an agent that reported nothing (the
/// extractive answerers run no model) an estimate with the o200k tokenizer, priced like any model.
/// </summary>
public sealed class AnswerUsageAccounting(TokenCounter tokens, UsageCalculator calculator)
{
    /// <summary>The model name of answers composed without a model (the extractive default); unpriced unless configured.</summary>
    public const string ExtractiveModel = "extractive";

    /// <summary>The model name of an answer served from the answer cache: nothing ran, so 0 tokens and 0 cost.</summary>
    public const string CacheModel = "cache";

    public static AnswerUsage Cached { get; } = new(0, 0, 0m, CacheModel);

    /// <summary>
    /// The agent's own usage, else the estimate of what a model would have read (the question and every context the
    /// answer was built from) and written (the answer text).
    /// </summary>
    public AnswerUsage For(string question, AgentAnswer answer)
    {
        if (answer.Usage is { } reported)
        {
            return reported;
        }

        var input = tokens.CountTokens(question) + answer.Contexts.Sum(c => tokens.CountTokens(c.Text));
        var output = tokens.CountTokens(answer.Answer);
        var details = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
        return calculator.Calculate(details, ExtractiveModel) with { Estimated = true };
    }

    /// <summary>
    /// The sum of several usages. The model is the one model used, or the distinct models joined with <c>+</c>
    /// (e.g. <c>extractive+gpt-4o-mini</c>); nothing at all is <see cref="AnswerUsage.None"/>.
    /// </summary>
    public static AnswerUsage Sum(IReadOnlyList<AnswerUsage> usages) =>
        usages.Count switch
        {
            0 => AnswerUsage.None,
            1 => usages[0],
            _ => new AnswerUsage(
                usages.Sum(u => u.InputTokens),
                usages.Sum(u => u.OutputTokens),
                usages.Sum(u => u.CostUsd),
                string.Join('+', usages.Select(u => u.Model).Distinct(StringComparer.OrdinalIgnoreCase)))
            {
                Estimated = usages.Any(u => u.Estimated),
                Unpriced = usages.Any(u => u.Unpriced),
            },
        };
}
