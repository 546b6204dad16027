using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// Answers already produced for the same question, filters, caller groups and corpus version, kept in Redis for
/// <see cref="AnswerCacheOptions.Ttl"/>. A hit spares the answering agents, their model, the review and the risk scoring; the
/// screening and the routing still run first (the key needs the route's intent and standalone question).
/// </summary>
public sealed class AnswerCache(IConnectionMultiplexer redis, DocumentCatalog catalog, IOptions<AnswerCacheOptions> options)
{
    private static readonly Counter<long> Lookups = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.gateway.answer_cache", "{lookup}", "Answer cache lookups, by result (hit or miss)");

    public bool Enabled => options.Value.Enabled;

    /// <summary>The key of this question for this caller at the current corpus version.</summary>
    public async Task<string> KeyAsync(string question, string intent, AskRequest request, Caller caller) =>
        AnswerCacheKey.For(question, intent, request.TopK, request.Filters, caller.Groups, await catalog.GetCorpusVersionAsync());

    /// <summary>The cached answer, counting a hit or a miss.</summary>
    public async Task<CachedAnswer?> GetAsync(string key)
    {
        var json = await redis.GetDatabase().StringGetAsync(key);
        var hit = json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<CachedAnswer>(json.ToString(), SwitchboardJson.Options);
        Lookups.Add(1, new KeyValuePair<string, object?>("result", hit is null ? "miss" : "hit"));
        return hit;
    }

    public Task SetAsync(string key, CachedAnswer answer) =>
        redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(answer, SwitchboardJson.Options), options.Value.Ttl);
}

/// <summary>What a cache hit reuses of an answer: everything except the per-request fields (id, time, timings, trace, usage).</summary>
public sealed record CachedAnswer(string Status, string Answer, IReadOnlyList<Citation> Citations, string? ReviewVerdict);
