using System.Diagnostics.Metrics;
using Switchboard.AgentCore;

namespace Switchboard.Gateway.Budgets;

/// <summary>
/// Budget burn as gauges (share of today's limit used: the global budget, and the highest of any caller and any group
/// this replica saw today) and refusals as a counter. Labels: scope (global, caller, group) and kind (cost, tokens),
/// never a caller or group name. Updates are lock-free.
/// </summary>
internal static class BudgetMetrics
{
    public const string Cost = "cost";
    public const string Tokens = "tokens";

    private static readonly string[] Scopes = [BudgetScope.Global, BudgetScope.Caller, BudgetScope.Group];
    private static readonly string[] Kinds = [Cost, Tokens];

    // Index = scope * 2 + kind; NaN until a budget of that scope and kind has been seen.
    private static readonly double[] Burn = [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN];
    private static int _day;

    private static readonly Counter<long> Rejections = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.budget.rejections", "{question}", "Questions refused with 429 because a daily budget was used up, by scope and kind");

    static BudgetMetrics()
    {
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.budget.burn_ratio", ObserveBurn, "1",
            "Share of today's budget used: global, and the highest of any caller and any group (1 = used up)");
    }

    public static void Rejected(string scope, string kind) =>
        Rejections.Add(1, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Records what <paramref name="scope"/> has used on <paramref name="day"/>.</summary>
    public static void Observe(BudgetScope scope, BudgetSpend spend, DateOnly day)
    {
        var dayNumber = day.DayNumber;
        if (Interlocked.Exchange(ref _day, dayNumber) != dayNumber)
        {
            // A new day: yesterday's highest caller and group burn no longer apply.
            for (var i = 2; i < Burn.Length; i++)
            {
                Volatile.Write(ref Burn[i], double.NaN);
            }
        }

        var index = Array.IndexOf(Scopes, scope.Kind) * 2;
        if (scope.Limit.DailyUsd is { } usd)
        {
            Update(index, (double)(spend.Usd / usd), scope.Kind == BudgetScope.Global);
        }

        if (scope.Limit.DailyTokens is { } tokens)
        {
            Update(index + 1, (double)spend.Tokens / tokens, scope.Kind == BudgetScope.Global);
        }
    }

    private static void Update(int index, double ratio, bool replace)
    {
        if (replace)
        {
            Volatile.Write(ref Burn[index], ratio);
            return;
        }

        while (true)
        {
            var current = Volatile.Read(ref Burn[index]);
            if (!double.IsNaN(current) && current >= ratio)
            {
                return;
            }

            // Compared as bits: NaN (no figure yet) never equals itself as a double.
            var seen = Interlocked.CompareExchange(ref Burn[index], ratio, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }
        }
    }

    private static IEnumerable<Measurement<double>> ObserveBurn()
    {
        for (var i = 0; i < Burn.Length; i++)
        {
            var value = Volatile.Read(ref Burn[i]);
            if (!double.IsNaN(value))
            {
                yield return new Measurement<double>(value,
                    new KeyValuePair<string, object?>("scope", Scopes[i / 2]), new KeyValuePair<string, object?>("kind", Kinds[i % 2]));
            }
        }
    }
}
