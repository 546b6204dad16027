using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Budgets;

public static class BudgetsExtensions
{
    /// <summary>Daily spend budgets (<see cref="BudgetOptions"/>), validated at start naming the bad key.</summary>
    public static IHostApplicationBuilder AddBudgets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BudgetOptions>, BudgetOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BudgetLedger>();
        builder.Services.AddSingleton<BudgetFilter>();
        builder.Services.AddHostedService<ConfiguredBudgetGauge>();
        return builder;
    }

    /// <summary>Holds the group's <c>POST /v1/ask</c> to the budgets (other endpoints pass through).</summary>
    public static RouteGroupBuilder WithBudgets(this RouteGroupBuilder group) => group.AddEndpointFilter<RouteGroupBuilder, BudgetFilter>();

    private sealed class BudgetOptionsValidator : IValidateOptions<BudgetOptions>
    {
        public ValidateOptionsResult Validate(string? name, BudgetOptions options) =>
            options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
