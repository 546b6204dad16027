using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.Budgets;

/// <summary>
/// Holds <c>POST /v1/ask</c> to the daily budgets: a caller whose global, caller or group budget is used up gets
/// <c>429</c> with <c>Retry-After</c> until the UTC day turns and a ProblemDetails naming the budget; an answered
/// question's usage is charged to each of its budgets. A question admitted under budget may finish over it (the check is
/// before the answer, whose cost is known only after). Other endpoints pass through.
/// </summary>
internal sealed class BudgetFilter(BudgetLedger ledger, CallerResolver callers, ILogger<BudgetFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!ledger.Enabled || !IsAsk(http))
        {
            return await next(context);
        }

        var scopes = ledger.ScopesOf(callers.Resolve(http));
        if (scopes.Count == 0)
        {
            return await next(context);
        }

        var day = ledger.Today;
        try
        {
            var spent = await ledger.ReadAsync(scopes);
            for (var i = 0; i < scopes.Count; i++)
            {
                BudgetMetrics.Observe(scopes[i], spent[i], day);
                if (Exhausted(scopes[i], spent[i]) is { } problem)
                {
                    http.Response.Headers.RetryAfter = RetryAfterSeconds(ledger.UntilTomorrow).ToString(CultureInfo.InvariantCulture);
                    return problem;
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The ask itself needs Redis and will say so; a budget that cannot be read does not refuse on its own.
            logger.LogWarning(ex, "Budgets could not be read; the question is not held to them");
        }

        var result = await next(context);
        // An answer (200) or one held for approval (202) both cost what their agents used.
        if (result is INestedHttpResult { Result: IValueHttpResult<AskResponse> { Value.Usage: { } usage } }
            && Counts(usage, scopes))
        {
            try
            {
                var spent = await ledger.ChargeAsync(scopes, usage);
                for (var i = 0; i < scopes.Count; i++)
                {
                    BudgetMetrics.Observe(scopes[i], spent[i], day);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Usage of {Cost} USD and {Tokens} tokens could not be charged to the budgets", usage.CostUsd, usage.InputTokens + usage.OutputTokens);
            }
        }

        return result;
    }

    /// <summary>Whether charging changes anything: a cost, or tokens where a token limit applies (a free extractive answer costs nothing).</summary>
    private static bool Counts(AgentCore.AI.Usage.AnswerUsage usage, IReadOnlyList<BudgetScope> scopes) =>
        usage.CostUsd > 0 || (usage.InputTokens + usage.OutputTokens > 0 && scopes.Any(s => s.Limit.DailyTokens is not null));

    private static bool IsAsk(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: "/v1/ask" or "/ask" };

    private ProblemHttpResult? Exhausted(BudgetScope scope, BudgetSpend spent)
    {
        string kind, used, limit;
        if (scope.Limit.DailyUsd is { } usd && spent.Usd >= usd)
        {
            (kind, used, limit) = (BudgetMetrics.Cost, Usd(spent.Usd), Usd(usd));
        }
        else if (scope.Limit.DailyTokens is { } tokens && spent.Tokens >= tokens)
        {
            (kind, used, limit) = (BudgetMetrics.Tokens, $"{spent.Tokens:N0} tokens", $"{tokens:N0} tokens");
        }
        else
        {
            return null;
        }

        BudgetMetrics.Rejected(scope.Kind, kind);
        var retryAfter = ledger.UntilTomorrow;
        logger.LogWarning("Question refused: the daily {Kind} budget of the {Scope} budget is used up", kind, scope.Kind);
        return TypedResults.Problem(
            $"The daily {kind} budget of {scope.Name} is used up: {used} of {limit} today. It starts again at 00:00 UTC (in {retryAfter:hh\\:mm}).",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Budget exhausted",
            extensions: new Dictionary<string, object?>
            {
                ["budget"] = scope.Name,
                ["scope"] = scope.Kind,
                ["kind"] = kind,
                ["retryAfterSeconds"] = RetryAfterSeconds(retryAfter),
            });
    }

    private static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static string Usd(decimal value) => "$" + value.ToString("0.00##", CultureInfo.InvariantCulture);
}
