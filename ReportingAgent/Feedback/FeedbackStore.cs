using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Feedback;

/// <summary>
/// Feedback in Redis, one verdict per answer: hash <c>sb:feedback:entries</c> (AnswerId → JSON entry) and sorted set
/// <c>sb:feedback:index</c> (AnswerId scored by when the verdict was given, unix milliseconds). A later verdict replaces
/// an earlier one; an older one arriving late (a redelivery after a newer verdict) changes nothing.
/// </summary>
public sealed class FeedbackStore(IConnectionMultiplexer redis)
{
    public const string EntriesKey = "sb:feedback:entries";
    public const string IndexKey = "sb:feedback:index";

    private const int ReadBatchSize = 500;
    private const int TrimBatchSize = 1000;

    // Both keys in one script: written together, and only when this verdict is not older than the one kept.
    private const string PutScript = """
        local current = redis.call('ZSCORE', KEYS[2], ARGV[1])
        if current and tonumber(current) > tonumber(ARGV[3]) then
          return 0
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """;

    private const string TrimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        if #ids > 0 then
          redis.call('HDEL', KEYS[1], unpack(ids))
          redis.call('ZREM', KEYS[2], unpack(ids))
        end
        return #ids
        """;

    /// <returns>True when the entry is now the answer's verdict, false when a newer one was already kept.</returns>
    public async Task<bool> PutAsync(FeedbackEntry entry)
    {
        var json = JsonSerializer.Serialize(entry, SwitchboardJson.Options);
        var written = await redis.GetDatabase().ScriptEvaluateAsync(
            PutScript, [EntriesKey, IndexKey], [entry.AnswerId, json, entry.GivenAt.ToUnixTimeMilliseconds()]);
        return (long)written == 1;
    }

    /// <summary>Verdicts given with <c>range.From ≤ GivenAt &lt; range.To</c>, oldest first.</summary>
    public async Task<IReadOnlyList<FeedbackEntry>> ReadAsync(TimeRange range)
    {
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByScoreAsync(
            IndexKey, range.From.ToUnixTimeMilliseconds(), range.To.ToUnixTimeMilliseconds(), Exclude.Stop);
        var entries = new List<FeedbackEntry>(ids.Length);
        foreach (var batch in ids.Chunk(ReadBatchSize))
        {
            foreach (var value in await db.HashGetAsync(EntriesKey, batch))
            {
                if (!value.IsNullOrEmpty && JsonSerializer.Deserialize<FeedbackEntry>((string)value!, SwitchboardJson.Options) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }

    /// <summary>Removes the verdicts given before <paramref name="cutoff"/>; returns how many went.</summary>
    public async Task<long> TrimBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        long removed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = (long)await db.ScriptEvaluateAsync(TrimScript, [EntriesKey, IndexKey], [cutoff.ToUnixTimeMilliseconds(), TrimBatchSize]);
            removed += batch;
            if (batch < TrimBatchSize)
            {
                break;
            }
        }

        return removed;
    }
}
