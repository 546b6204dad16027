using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// The approval queue as approvers read it: one hash per item (<c>sb:approval:&lt;id&gt;</c>: <c>status</c> and the item's
/// JSON) and the pending ids by expiry (<c>sb:approvals:pending</c>). Items arrive from <see cref="Streams.Approvals"/>
/// through the Gateway's consumer group (<see cref="ApprovalRequestedHandler"/>). A decision is one Lua script: it
/// changes the item only while it is pending, takes it off the pending set and writes the asker's answer
/// (<c>sb:answer:&lt;id&gt;</c>) in the same step, so two approvers can never both decide, and the asker never sees a
/// decision that is not in the queue.
/// </summary>
public sealed class ApprovalQueue(IConnectionMultiplexer redis, IOptionsMonitor<ApprovalOptions> options, IOptions<GatewayOptions> gateway)
{
    public const string PendingKey = "sb:approvals:pending";

    private static readonly Counter<long> Decisions = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.gateway.approvals", "{approval}", "Approval queue steps, by outcome (requested, approved, edited, rejected, expired)");

    // KEYS[1] item, KEYS[2] pending set; ARGV[1] item JSON, ARGV[2] TTL seconds, ARGV[3] expiry (ms), ARGV[4] id.
    private const string AddScript =
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'status', 'pending', 'data', ARGV[1])
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        return 1
        """;

    // KEYS[1] item, KEYS[2] pending set, KEYS[3] answer; ARGV[1] id, ARGV[2] new status, ARGV[3] item JSON,
    // ARGV[4] answer JSON, ARGV[5] answer TTL seconds. Returns "" when decided now, the current status otherwise
    // ("missing" when there is no such item).
    private const string DecideScript =
        """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return 'missing' end
        if status ~= 'pending' then return status end
        redis.call('HSET', KEYS[1], 'status', ARGV[2], 'data', ARGV[3])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5])
        return ''
        """;

    public static string Key(string id) => $"sb:approval:{id}";

    private IDatabase Db => redis.GetDatabase();

    /// <summary>How long an item is kept: while it may wait, then as long as its answer.</summary>
    private TimeSpan ItemTtl => options.CurrentValue.MaxAge + gateway.Value.AnswerTtl;

    /// <returns>True when the item was added now; false when it was already there (a redelivery).</returns>
    public async Task<bool> AddAsync(ApprovalItem item)
    {
        var added = (long)await Db.ScriptEvaluateAsync(AddScript, [Key(item.Id), PendingKey],
        [
            JsonSerializer.Serialize(item, SwitchboardJson.Options),
            (long)ItemTtl.TotalSeconds,
            item.ExpiresAt.ToUnixTimeMilliseconds(),
            item.Id,
        ]) == 1;
        if (added)
        {
            Decisions.Add(1, new KeyValuePair<string, object?>("outcome", ApprovalRecorded.Requested));
        }

        return added;
    }

    public async Task<ApprovalItem?> GetAsync(string id)
    {
        var data = await Db.HashGetAsync(Key(id), "data");
        return data.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ApprovalItem>((string)data!, SwitchboardJson.Options);
    }

    /// <summary>The pending items, the one expiring first first.</summary>
    public async Task<IReadOnlyList<ApprovalItem>> ListPendingAsync(int count)
    {
        var ids = await Db.SortedSetRangeByRankAsync(PendingKey, 0, count - 1);
        var items = new List<ApprovalItem>(ids.Length);
        foreach (var id in ids)
        {
            if (await GetAsync(id.ToString()) is { Status: ApprovalStatus.Pending } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>Ids of pending items whose expiry has passed.</summary>
    public async Task<IReadOnlyList<string>> ExpiredIdsAsync(DateTimeOffset now, int count) =>
        (await Db.SortedSetRangeByScoreAsync(PendingKey, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: count))
        .Select(id => id.ToString()).ToList();

    /// <summary>
    /// Decides a pending item: <paramref name="decided"/> is the item as decided, <paramref name="answer"/> what the asker
    /// now sees at <c>GET /v1/ask/{id}</c>.
    /// </summary>
    /// <returns>Null when decided now; otherwise the item's status (<c>missing</c> when there is no such item).</returns>
    public async Task<string?> DecideAsync(ApprovalItem decided, AskResponse answer)
    {
        var result = (string?)await Db.ScriptEvaluateAsync(DecideScript, [Key(decided.Id), PendingKey, AnswerStore.Key(decided.Id)],
        [
            decided.Id,
            decided.Status,
            JsonSerializer.Serialize(decided, SwitchboardJson.Options),
            JsonSerializer.Serialize(answer, SwitchboardJson.Options),
            (long)gateway.Value.AnswerTtl.TotalSeconds,
        ]);
        if (string.IsNullOrEmpty(result))
        {
            Decisions.Add(1, new KeyValuePair<string, object?>("outcome", decided.Status));
            return null;
        }

        return result;
    }

    public const string Missing = "missing";
}
