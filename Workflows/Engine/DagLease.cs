using StackExchange.Redis;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// One replica at a time per DAG: a Redis lease (<c>sb:wf:lease:&lt;dag&gt;</c> = the holder's id, SET NX PX) that the
/// holder renews while its run executes. A replica that dies stops renewing, the key lapses after the TTL, and
/// another replica (or the restarted one) takes the run over.
/// </summary>
public sealed class DagLease(IConnectionMultiplexer redis)
{
    private const string RenewScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    private const string ReleaseScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    public static string Key(string dag) => $"sb:wf:lease:{dag}";

    public Task<bool> TryAcquireAsync(string dag, string holder, TimeSpan ttl) =>
        redis.GetDatabase().StringSetAsync(Key(dag), holder, ttl, When.NotExists);

    public async Task<bool> RenewAsync(string dag, string holder, TimeSpan ttl) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [Key(dag)], [holder, (long)ttl.TotalMilliseconds]) == 1;

    public Task ReleaseAsync(string dag, string holder) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [Key(dag)], [holder]);

    public async Task<string?> HolderAsync(string dag) => await redis.GetDatabase().StringGetAsync(Key(dag));
}
