using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.AI.Usage;

/// <summary>Turns a response's <see cref="UsageDetails"/> into an <see cref="AnswerUsage"/> priced from <c>AI:Pricing</c>.</summary>
public sealed class UsageCalculator(IOptionsMonitor<ModelPricing> pricing, ILogger<UsageCalculator>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<UsageCalculator>.Instance;
    private readonly ConcurrentDictionary<string, bool> _warnedModels = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Usage of <paramref name="response"/>: the model it reports (else <paramref name="configuredModel"/>) and its usage
    /// details. Run <see cref="UsageAccountingChatClient"/> in the pipeline so the details are never missing.
    /// </summary>
    public AnswerUsage Calculate(ChatResponse response, string? configuredModel)
    {
        ArgumentNullException.ThrowIfNull(response);
        var estimated = response.AdditionalProperties?.TryGetValue(UsageAccountingChatClient.EstimatedProperty, out var flag) == true && flag is true;
        return Calculate(response.Usage, response.ModelId ?? configuredModel) with { Estimated = estimated };
    }

    /// <summary>Prices <paramref name="usage"/> for <paramref name="model"/>. An unknown model costs 0, flagged <see cref="AnswerUsage.Unpriced"/>.</summary>
    public AnswerUsage Calculate(UsageDetails? usage, string? model)
    {
        var input = Clamp(usage?.InputTokenCount);
        var output = Clamp(usage?.OutputTokenCount);
        var name = string.IsNullOrWhiteSpace(model) ? "unknown" : model;
        if (!pricing.CurrentValue.TryGetPrice(model, out var price))
        {
            if (_warnedModels.TryAdd(name, true))
            {
                _logger.LogWarning(
                    "Model {Model} has no price in AI:Pricing; its answers are recorded with cost 0. Set AI:Pricing:{Model}:InputPerMillion and OutputPerMillion.",
                    name, name);
            }

            return new AnswerUsage(input, output, 0m, name) { Unpriced = true };
        }

        var cost = (input * price.InputPerMillion + output * price.OutputPerMillion) / 1_000_000m;
        return new AnswerUsage(input, output, decimal.Round(cost, 8), name);
    }

    private static int Clamp(long? count) => count is null or < 0 ? 0 : (int)Math.Min(count.Value, int.MaxValue);
}
