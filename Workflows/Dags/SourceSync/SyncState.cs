using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Dags.SourceSync;

/// <summary>
/// What the sync last ingested from each source item (hash <c>sb:wf:sync:items</c>, field = the item's key such as
/// <c>file:/data/policies/travel.pdf</c> or <c>url:https://…</c>): the document, the content hash and the HTTP
/// validators. An item whose bytes hash the same is never uploaded again; a crash between an upload and this record
/// re-uploads identical bytes, which the Gateway answers as a duplicate (no new version).
/// </summary>
public sealed class SyncState(IConnectionMultiplexer redis)
{
    public const string Key = "sb:wf:sync:items";

    public async Task<Dictionary<string, SyncedItem>> AllAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(Key);
        return entries.ToDictionary(e => e.Name.ToString(), e => JsonSerializer.Deserialize<SyncedItem>(e.Value.ToString(), SwitchboardJson.Options)!, StringComparer.Ordinal);
    }

    public async Task<SyncedItem?> GetAsync(string item)
    {
        var value = await redis.GetDatabase().HashGetAsync(Key, item);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SyncedItem>(value.ToString(), SwitchboardJson.Options);
    }

    public Task SetAsync(string item, SyncedItem synced) =>
        redis.GetDatabase().HashSetAsync(Key, item, JsonSerializer.Serialize(synced, SwitchboardJson.Options));

    public Task RemoveAsync(string item) => redis.GetDatabase().HashDeleteAsync(Key, item);
}

public sealed record SyncedItem(string DocumentId, string Name, string ContentHash, int Version, DateTimeOffset SyncedAt)
{
    public string? ETag { get; init; }

    public string? LastModified { get; init; }
}
