using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.RateLimiting;

/// <summary>Per-caller and per-group request limits, bound from <c>Gateway:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    /// <summary>
    /// Whether the limits apply. Default: on when callers are identified (JWT configured), off in the open development
    /// mode, where every caller is the same anonymous one (set <c>true</c> to hold the open mode to the limits too).
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Questions (<c>POST /v1/ask</c>, <c>/v1/search</c>) per caller: a token bucket.</summary>
    public TokenBucket Ask { get; set; } = new() { TokenLimit = 60, TokensPerPeriod = 2, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Uploads per caller: a stricter bucket.</summary>
    public TokenBucket Upload { get; set; } = new() { TokenLimit = 10, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(6) };

    /// <summary>Questions per group, over all its members (a caller counts against each of their groups).</summary>
    public TokenBucket GroupAsk { get; set; } = new() { TokenLimit = 600, TokensPerPeriod = 20, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Uploads per group.</summary>
    public TokenBucket GroupUpload { get; set; } = new() { TokenLimit = 60, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Long operations (questions, searches, uploads) one caller may have running at once.</summary>
    [Range(1, 10_000)]
    public int ConcurrentPerCaller { get; set; } = 8;

    /// <summary>Every other API call (document list, sessions, stored answers; endpoints added later) per caller.</summary>
    public TokenBucket Other { get; set; } = new() { TokenLimit = 240, TokensPerPeriod = 20, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    public IEnumerable<string> Validate()
    {
        foreach (var (name, bucket) in new[] { ("Ask", Ask), ("Upload", Upload), ("GroupAsk", GroupAsk), ("GroupUpload", GroupUpload), ("Other", Other) })
        {
            if (bucket.TokenLimit < 1 || bucket.TokensPerPeriod < 1 || bucket.TokensPerPeriod > bucket.TokenLimit)
            {
                yield return $"{SectionName}:{name}: TokenLimit and TokensPerPeriod must be at least 1, TokensPerPeriod at most TokenLimit.";
            }

            if (bucket.ReplenishmentPeriod < TimeSpan.FromMilliseconds(10) || bucket.ReplenishmentPeriod > TimeSpan.FromHours(1))
            {
                yield return $"{SectionName}:{name}:ReplenishmentPeriod must be between 10 ms and 1 hour.";
            }
        }

        if (ConcurrentPerCaller < 1)
        {
            yield return $"{SectionName}:ConcurrentPerCaller must be at least 1.";
        }
    }
}

/// <summary>A token bucket: <see cref="TokenLimit"/> requests at once, refilled by <see cref="TokensPerPeriod"/> every <see cref="ReplenishmentPeriod"/>.</summary>
public sealed class TokenBucket
{
    public int TokenLimit { get; set; }

    public int TokensPerPeriod { get; set; }

    public TimeSpan ReplenishmentPeriod { get; set; }
}
