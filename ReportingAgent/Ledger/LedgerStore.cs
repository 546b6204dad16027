using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Ledger;

/// <summary>
/// The ledger in Redis: hash <c>sb:ledger:entries</c> (AnswerId → JSON entry) and sorted set <c>sb:ledger:index</c>
/// (AnswerId scored by OccurredAt in unix milliseconds) for time-range reads.
/// </summary>
public sealed class LedgerStore(IConnectionMultiplexer redis)
{
    public const string EntriesKey = "sb:ledger:entries";
    public const string IndexKey = "sb:ledger:index";

    private const int ReadBatchSize = 500;

    // Both writes in one script so they happen together or not at all, and only for an AnswerId the ledger has not
    // seen: a redelivered or republished interaction is counted once. (In Redis Cluster both keys would need a hash tag.)
    private const string AppendScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
          return 1
        end
        return 0
        """;

    // Removes up to ARGV[2] of the oldest entries scored before ARGV[1] from both keys at once; returns how many.
    private const string TrimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        if #ids > 0 then
          redis.call('HDEL', KEYS[1], unpack(ids))
          redis.call('ZREM', KEYS[2], unpack(ids))
        end
        return #ids
        """;

    private const int TrimBatchSize = 1000;

    /// <summary>
    /// Removes every entry that occurred before <paramref name="cutoff"/>, a batch per script call so that Redis is never
    /// blocked for long. Returns how many entries were removed.
    /// </summary>
    public async Task<long> TrimBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        long removed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = (long)await db.ScriptEvaluateAsync(
                TrimScript,
                [EntriesKey, IndexKey],
                [cutoff.ToUnixTimeMilliseconds(), TrimBatchSize]);
            removed += batch;
            if (batch < TrimBatchSize)
            {
                break;
            }
        }

        return removed;
    }

    /// <returns>True when the entry was added, false when the ledger already held its AnswerId.</returns>
    public async Task<bool> TryAppendAsync(LedgerEntry entry)
    {
        var json = JsonSerializer.Serialize(entry, SwitchboardJson.Options);
        var added = await redis.GetDatabase().ScriptEvaluateAsync(
            AppendScript,
            [EntriesKey, IndexKey],
            [entry.AnswerId, json, entry.OccurredAt.ToUnixTimeMilliseconds()]);
        return (long)added == 1;
    }

    /// <summary>Entries with <c>range.From ≤ OccurredAt &lt; range.To</c>, oldest first.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(TimeRange range)
    {
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByScoreAsync(
            IndexKey,
            range.From.ToUnixTimeMilliseconds(),
            range.To.ToUnixTimeMilliseconds(),
            Exclude.Stop);

        var entries = new List<LedgerEntry>(ids.Length);
        foreach (var batch in ids.Chunk(ReadBatchSize))
        {
            var values = await db.HashGetAsync(EntriesKey, batch);
            foreach (var value in values)
            {
                if (!value.IsNullOrEmpty && JsonSerializer.Deserialize<LedgerEntry>((string)value!, SwitchboardJson.Options) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }
}
