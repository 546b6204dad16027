using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.Budgets;

/// <summary>
/// Today's spend per budget scope, in Redis so every Gateway replica sees the same figures: one hash per scope and UTC day
/// (kept two days). A check is one pipelined read of the caller's scopes; a charge one pipelined increment.
/// </summary>
public sealed class BudgetLedger(IConnectionMultiplexer redis, IOptionsMonitor<BudgetOptions> options, TimeProvider clock)
{
    /// <summary>Anonymous callers share this caller budget.</summary>
    public const string AnonymousCaller = "anonymous";

    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(2);

    public bool Enabled => options.CurrentValue.Enabled;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Until the next UTC midnight, when every daily budget starts again.</summary>
    public TimeSpan UntilTomorrow
    {
        get
        {
            var now = clock.GetUtcNow();
            return new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now;
        }
    }

    /// <summary>The scopes with a limit that <paramref name="caller"/>'s questions count against.</summary>
    public IReadOnlyList<BudgetScope> ScopesOf(Caller caller)
    {
        var budget = options.CurrentValue;
        var scopes = new List<BudgetScope>(2);
        if (budget.DailyUsd is not null || budget.DailyTokens is not null)
        {
            scopes.Add(new BudgetScope(BudgetScope.Global, null, new BudgetLimit { DailyUsd = budget.DailyUsd, DailyTokens = budget.DailyTokens }));
        }

        var callerId = caller.Subject ?? AnonymousCaller;
        if ((budget.Callers.GetValueOrDefault(callerId) ?? budget.Caller) is { IsSet: true } callerLimit)
        {
            scopes.Add(new BudgetScope(BudgetScope.Caller, callerId, callerLimit));
        }

        foreach (var group in caller.Groups)
        {
            if ((budget.Groups.GetValueOrDefault(group) ?? budget.Group) is { IsSet: true } groupLimit)
            {
                scopes.Add(new BudgetScope(BudgetScope.Group, group, groupLimit));
            }
        }

        return scopes;
    }

    public async Task<BudgetSpend[]> ReadAsync(IReadOnlyList<BudgetScope> scopes)
    {
        var day = Today;
        var batch = redis.GetDatabase().CreateBatch();
        var reads = scopes.Select(s => batch.HashGetAsync(s.Key(day), [Fields.Usd, Fields.Tokens])).ToArray();
        batch.Execute();
        var spends = new BudgetSpend[scopes.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            var values = await reads[i];
            spends[i] = new BudgetSpend(ParseUsd(values[0]), values[1].TryParse(out long tokens) ? tokens : 0);
        }

        return spends;
    }

    /// <summary>Adds one answer's usage to every scope; returns each scope's spend after it.</summary>
    public async Task<BudgetSpend[]> ChargeAsync(IReadOnlyList<BudgetScope> scopes, AnswerUsage usage)
    {
        var day = Today;
        var tokens = (long)usage.InputTokens + usage.OutputTokens;
        var batch = redis.GetDatabase().CreateBatch();
        var charges = scopes.Select(scope =>
        {
            var key = scope.Key(day);
            var usd = batch.HashIncrementAsync(key, Fields.Usd, (double)usage.CostUsd);
            var total = batch.HashIncrementAsync(key, Fields.Tokens, tokens);
            _ = batch.KeyExpireAsync(key, KeyLifetime, ExpireWhen.HasNoExpiry);
            return (usd, total);
        }).ToArray();
        batch.Execute();
        var spends = new BudgetSpend[scopes.Count];
        for (var i = 0; i < charges.Length; i++)
        {
            spends[i] = new BudgetSpend((decimal)await charges[i].usd, await charges[i].total);
        }

        return spends;
    }

    private static decimal ParseUsd(RedisValue value) =>
        value.HasValue && decimal.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var usd) ? usd : 0m;

    private static class Fields
    {
        public static readonly RedisValue Usd = "usd";
        public static readonly RedisValue Tokens = "tokens";
    }
}
