namespace Switchboard.Gateway.Budgets;

/// <summary>
/// Daily (UTC) spend budgets, bound from <c>Budget</c>: a global one (<c>Budget:DailyUsd</c>, default 50, the SOP's
/// spend alert; <c>Budget:DailyTokens</c>), one for every caller (<c>Budget:Caller:*</c>) and every group
/// (<c>Budget:Group:*</c>), and overrides for named callers and groups (<c>Budget:Callers:&lt;sub&gt;:*</c>,
/// <c>Budget:Groups:&lt;group&gt;:*</c>). A limit left unset does not apply. Costs are priced from <c>AI:Pricing</c>.
/// </summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Budget";

    /// <summary>Off: nothing is counted or refused (the metrics and the alert on spend still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>All callers together, US dollars per day.</summary>
    public decimal? DailyUsd { get; set; } = 50m;

    /// <summary>All callers together, tokens (input + output) per day.</summary>
    public long? DailyTokens { get; set; }

    /// <summary>The limit of each caller (the token's <c>sub</c>; every anonymous caller shares one).</summary>
    public BudgetLimit Caller { get; set; } = new();

    /// <summary>The limit of each group the caller belongs to, counted over all its members.</summary>
    public BudgetLimit Group { get; set; } = new();

    public Dictionary<string, BudgetLimit> Callers { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, BudgetLimit> Groups { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Validate()
    {
        foreach (var (key, limit) in Limits())
        {
            if (limit.DailyUsd is <= 0)
            {
                yield return $"{SectionName}:{key}DailyUsd must be greater than 0 (leave it unset for no limit).";
            }

            if (limit.DailyTokens is <= 0)
            {
                yield return $"{SectionName}:{key}DailyTokens must be greater than 0 (leave it unset for no limit).";
            }
        }
    }

    private IEnumerable<(string Key, BudgetLimit Limit)> Limits()
    {
        yield return (string.Empty, new BudgetLimit { DailyUsd = DailyUsd, DailyTokens = DailyTokens });
        yield return ("Caller:", Caller);
        yield return ("Group:", Group);
        foreach (var (name, limit) in Callers)
        {
            yield return ($"Callers:{name}:", limit);
        }

        foreach (var (name, limit) in Groups)
        {
            yield return ($"Groups:{name}:", limit);
        }
    }
}

public sealed class BudgetLimit
{
    public decimal? DailyUsd { get; set; }

    public long? DailyTokens { get; set; }

    public bool IsSet => DailyUsd is not null || DailyTokens is not null;
}
