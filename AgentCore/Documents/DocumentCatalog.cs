using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Documents;

/// <summary>
/// The shared record of every uploaded document and its ingestion status, kept in Redis so the Gateway
/// (which accepts uploads) and the RetrievalAgent (which ingests them) see the same state.
/// Layout: hash <c>sb:documents</c>, field = document id, value = <see cref="DocumentInfo"/> as JSON.
/// Uploaded bytes wait in <c>sb:blob:&lt;id&gt;</c> until ingestion commits.
/// </summary>
public sealed class DocumentCatalog(IConnectionMultiplexer redis)
{
    public const string CatalogKey = "sb:documents";
    public static readonly TimeSpan BlobTtl = TimeSpan.FromDays(2);

    private IDatabase Db => redis.GetDatabase();

    public static string BlobKey(string documentId) => $"sb:blob:{documentId}";

    public async Task<DocumentInfo?> GetAsync(string id)
    {
        var json = await Db.HashGetAsync(CatalogKey, id);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<DocumentInfo>((string)json!, SwitchboardJson.Options);
    }

    public async Task<IReadOnlyList<DocumentInfo>> ListAsync()
    {
        var all = await Db.HashValuesAsync(CatalogKey);
        return all
            .Select(v => JsonSerializer.Deserialize<DocumentInfo>((string)v!, SwitchboardJson.Options)!)
            .OrderByDescending(d => d.CreatedAt)
            .ToList();
    }

    /// <summary>Stores the upload's bytes and its queued record in one transaction.</summary>
    public async Task AddAsync(DocumentInfo document, ReadOnlyMemory<byte> content)
    {
        var tx = Db.CreateTransaction();
        _ = tx.StringSetAsync(BlobKey(document.Id), content, BlobTtl);
        _ = tx.HashSetAsync(CatalogKey, document.Id, Serialize(document));
        if (!await tx.ExecuteAsync())
        {
            throw new InvalidOperationException($"Storing document {document.Id} failed.");
        }
    }

    /// <summary>Replaces the record if the document is still catalogued (a deleted document stays deleted).</summary>
    public async Task<bool> UpdateAsync(DocumentInfo document)
    {
        var tx = Db.CreateTransaction();
        tx.AddCondition(Condition.HashExists(CatalogKey, document.Id));
        _ = tx.HashSetAsync(CatalogKey, document.Id, Serialize(document));
        return await tx.ExecuteAsync();
    }

    public async Task<byte[]?> ReadBlobAsync(string documentId)
    {
        var value = await Db.StringGetAsync(BlobKey(documentId));
        return value.IsNull ? null : (byte[]?)value;
    }

    public Task DeleteBlobAsync(string documentId) => Db.KeyDeleteAsync(BlobKey(documentId));

    public async Task<bool> RemoveAsync(string documentId)
    {
        var tx = Db.CreateTransaction();
        var removed = tx.HashDeleteAsync(CatalogKey, documentId);
        _ = tx.KeyDeleteAsync(BlobKey(documentId));
        await tx.ExecuteAsync();
        return await removed;
    }

    private static string Serialize(DocumentInfo document) => JsonSerializer.Serialize(document, SwitchboardJson.Options);
}
