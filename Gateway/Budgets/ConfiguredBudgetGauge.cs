using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;

namespace Switchboard.Gateway.Budgets;

/// <summary>
/// Exports the configured global daily budget (<c>Budget:DailyUsd</c>) as <c>switchboard_budget_daily_usd</c>, so the
/// <c>DailyCostOverBudget</c> alert compares spend with the figure the Gateway enforces instead of a number written into
/// the rule. No budget configured: no series (and no alert). Reported whether enforcement is on or off.
/// </summary>
internal sealed class ConfiguredBudgetGauge(IOptionsMonitor<BudgetOptions> options) : IHostedService
{
    private static Func<decimal?> _dailyUsd = () => null;

    static ConfiguredBudgetGauge()
    {
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.budget.daily_usd", Observe, "{USD}",
            "The configured global daily spend budget (Budget:DailyUsd); absent when none is set");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _dailyUsd = () => options.CurrentValue.DailyUsd;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<Measurement<double>> Observe()
    {
        if (_dailyUsd() is { } usd)
        {
            yield return new Measurement<double>((double)usd);
        }
    }
}
