using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.AI.Usage;

public static class UsageExtensions
{
    /// <summary>
    /// Registers <see cref="TokenCounter"/>, the <c>AI:Pricing</c> table (<see cref="ModelPricing"/>, validated at start)
    /// and <see cref="UsageCalculator"/>. Safe to call more than once.
    /// </summary>
    public static IHostApplicationBuilder AddUsageAccounting(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TokenCounter.Shared);
        builder.Services.TryAddSingleton<UsageCalculator>();
        if (!builder.Services.Any(d => d.ServiceType == typeof(IValidateOptions<ModelPricing>)))
        {
            builder.Services.AddOptions<ModelPricing>()
                .BindConfiguration(ModelPricing.SectionName)
                .ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<ModelPricing>, ModelPricingValidator>();
        }

        return builder;
    }

    private sealed class ModelPricingValidator : IValidateOptions<ModelPricing>
    {
        public ValidateOptionsResult Validate(string? name, ModelPricing options)
        {
            var errors = options.Validate().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
