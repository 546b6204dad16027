using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// The durable copy of the tables, in Redis beside the document catalog, so every replica (and a restarted one) loads
/// them without re-reading any CSV: <c>sb:tables</c> (document id → <see cref="TableSnapshot"/> JSON) and
/// <c>sb:tables:stamps</c> (document id → a stamp that changes with every write), which <see cref="TableSync"/> polls.
/// </summary>
internal sealed class TableStore(IConnectionMultiplexer redis)
{
    public const string TablesKey = "sb:tables";
    public const string StampsKey = "sb:tables:stamps";

    private IDatabase Db => redis.GetDatabase();

    public async Task<string> SaveAsync(TableSnapshot snapshot)
    {
        var stamp = Guid.NewGuid().ToString("N");
        var tx = Db.CreateTransaction();
        _ = tx.HashSetAsync(TablesKey, snapshot.Document.Id, JsonSerializer.SerializeToUtf8Bytes(snapshot, SwitchboardJson.Options));
        _ = tx.HashSetAsync(StampsKey, snapshot.Document.Id, stamp);
        await tx.ExecuteAsync();
        return stamp;
    }

    public async Task RemoveAsync(string documentId)
    {
        var tx = Db.CreateTransaction();
        _ = tx.HashDeleteAsync(TablesKey, documentId);
        _ = tx.HashDeleteAsync(StampsKey, documentId);
        await tx.ExecuteAsync();
    }

    public async Task<Dictionary<string, string>> StampsAsync() =>
        (await Db.HashGetAllAsync(StampsKey)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    public async Task<TableSnapshot?> LoadAsync(string documentId) =>
        await Db.HashGetAsync(TablesKey, documentId) is { IsNullOrEmpty: false } json
            ? JsonSerializer.Deserialize<TableSnapshot>((byte[])json!, SwitchboardJson.Options)
            : null;
}
