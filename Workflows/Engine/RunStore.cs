using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// The run history in Redis, which survives restarts and is shared by every replica:
/// <c>sb:wf:run:&lt;id&gt;</c> (the run as JSON, <see cref="WorkflowOptions.HistoryTtl"/>), <c>sb:wf:runs:&lt;dag&gt;</c>
/// (the newest ids first, <see cref="WorkflowOptions.HistoryLength"/>) and <c>sb:wf:active:&lt;dag&gt;</c> (the one run
/// of the DAG that is queued or running: a second is refused while it is set).
/// </summary>
public sealed class RunStore(IConnectionMultiplexer redis, IOptions<WorkflowOptions> options)
{
    public static string RunKey(string id) => $"sb:wf:run:{id}";

    public static string HistoryKey(string dag) => $"sb:wf:runs:{dag}";

    public static string ActiveKey(string dag) => $"sb:wf:active:{dag}";

    /// <summary>Stores a new run and makes it the DAG's active run; returns null, or the id of the run already active.</summary>
    public async Task<string?> TryCreateAsync(WorkflowRun run)
    {
        var db = redis.GetDatabase();
        var tx = db.CreateTransaction();
        tx.AddCondition(Condition.KeyNotExists(ActiveKey(run.Dag)));
        _ = tx.StringSetAsync(ActiveKey(run.Dag), run.Id);
        _ = tx.StringSetAsync(RunKey(run.Id), Serialize(run), options.Value.HistoryTtl);
        _ = tx.ListLeftPushAsync(HistoryKey(run.Dag), run.Id);
        _ = tx.ListTrimAsync(HistoryKey(run.Dag), 0, options.Value.HistoryLength - 1);
        if (await tx.ExecuteAsync())
        {
            return null;
        }

        return (string?)await db.StringGetAsync(ActiveKey(run.Dag)) ?? "(finished meanwhile)";
    }

    public Task SaveAsync(WorkflowRun run) =>
        redis.GetDatabase().StringSetAsync(RunKey(run.Id), Serialize(run), options.Value.HistoryTtl);

    /// <summary>Saves the finished run and frees the DAG for the next one, in one transaction.</summary>
    public async Task CompleteAsync(WorkflowRun run)
    {
        var db = redis.GetDatabase();
        var tx = db.CreateTransaction();
        _ = tx.StringSetAsync(RunKey(run.Id), Serialize(run), options.Value.HistoryTtl);
        await tx.ExecuteAsync();
        // Only if it is still this run's (a stale marker is never left to block the DAG, nor another run's removed).
        await db.ScriptEvaluateAsync(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
            [ActiveKey(run.Dag)], [run.Id]);
    }

    public async Task<WorkflowRun?> GetAsync(string id)
    {
        var json = await redis.GetDatabase().StringGetAsync(RunKey(id));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<WorkflowRun>(json.ToString(), SwitchboardJson.Options);
    }

    public async Task<string?> ActiveRunIdAsync(string dag) => await redis.GetDatabase().StringGetAsync(ActiveKey(dag));

    /// <summary>Drops an active marker that points at a run the history no longer has.</summary>
    public Task ClearActiveAsync(string dag, string runId) =>
        redis.GetDatabase().ScriptEvaluateAsync(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
            [ActiveKey(dag)], [runId]);

    /// <summary>The newest runs of a DAG, newest first.</summary>
    public async Task<IReadOnlyList<WorkflowRun>> RecentAsync(string dag, int count)
    {
        var db = redis.GetDatabase();
        var ids = await db.ListRangeAsync(HistoryKey(dag), 0, count - 1);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await db.StringGetAsync(ids.Select(id => (RedisKey)RunKey(id.ToString())).ToArray());
        return values.Where(v => !v.IsNullOrEmpty)
            .Select(v => JsonSerializer.Deserialize<WorkflowRun>(v.ToString(), SwitchboardJson.Options)!)
            .ToList();
    }

    private static string Serialize(WorkflowRun run) => JsonSerializer.Serialize(run, SwitchboardJson.Options);
}
