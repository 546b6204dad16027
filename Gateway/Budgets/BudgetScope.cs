namespace Switchboard.Gateway.Budgets;

/// <summary>
/// One budget a question is counted against: the global one, its caller's, or one of its groups'.
/// <see cref="Kind"/> is the metric label (global, caller, group); <see cref="Name"/> names it in a 429.
/// </summary>
public sealed record BudgetScope(string Kind, string? Id, BudgetLimit Limit)
{
    public const string Global = "global";
    public const string Caller = "caller";
    public const string Group = "group";

    public string Name => Id is null ? Kind : $"{Kind} '{Id}'";

    /// <summary>The Redis hash of this scope's spend on <paramref name="day"/> (fields <c>usd</c> and <c>tokens</c>).</summary>
    public string Key(DateOnly day) => Id is null ? $"sb:budget:{day:yyyyMMdd}:{Kind}" : $"sb:budget:{day:yyyyMMdd}:{Kind}:{Id}";
}

/// <summary>What a scope has used today.</summary>
public readonly record struct BudgetSpend(decimal Usd, long Tokens);
