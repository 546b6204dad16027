using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Caching;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// The answer cache, after screening and routing (both still run for a repeated question: the screening policy and the
/// route may differ per caller and turn). A hit spares the agents, the review and the risk scoring. The key is made in
/// <see cref="AnswerCacheKey"/>.
/// </summary>
public sealed class AnswerCacheStep(AnswerCache cache) : IAskStep
{
    public async Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken)
    {
        if (!cache.Enabled)
        {
            return null;
        }

        var key = await cache.KeyAsync(run.AgentQuestion!, run.Route!.Intent, run.Request, run.Caller);
        run.CacheLookupKey = key;
        if (await run.Timings.TimeAsync("cache", () => cache.GetAsync(key)) is not { } hit)
        {
            return null;
        }

        run.Cached = true;
        return new AskOutcome(hit.Status, hit.Answer, hit.Citations, hit.ReviewVerdict);
    }

    /// <summary>
    /// Whether the outcome is stored: only one every planned agent took part in (one that a failing agent shaped may not
    /// be the answer), and only answered and not-found outcomes; refusals, errors and answers awaiting approval never.
    /// </summary>
    public static bool Keeps(AskRun run, AskOutcome outcome) =>
        run.CacheLookupKey is not null
        && !run.Cached
        && run.Replies.Count > 0
        && run.Replies.All(r => r.Failure is null)
        && outcome.Status is AnswerStatus.Answered or AnswerStatus.NotFound
        && outcome.ReviewVerdict != ReviewVerdicts.NeedsApproval;
}
