using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Documents;

/// <summary>
/// The shared record of every uploaded document and its ingestion status, kept in Redis so the Gateway
/// (which accepts uploads) and the RetrievalAgent (which ingests them) see the same state.
/// Layout: hash <c>sb:documents</c>, field = document id, value = <see cref="DocumentInfo"/> as JSON;
/// hash <c>sb:documents:by-name</c> name → id and hash <c>sb:documents:by-hash</c> SHA-256 → id, kept in step with
/// the records by <see cref="AddOrReplaceAsync"/> and <see cref="RemoveAsync"/>.
/// Uploaded bytes wait in <see cref="BlobKey"/> (one key per version) until ingestion commits.
/// <para>
/// Every change of what can be searched increments the counter <see cref="CorpusVersionKey"/> in the same step as the
/// change (add or replace, ingestion ending ready or failed, removal), so caches of answers (the Gateway's answer cache)
/// can key on it and never serve an answer computed from a corpus that has changed since. Every service changes the
/// catalog through this class, so this is the one place that keeps the counter right.
/// </para>
/// </summary>
public sealed class DocumentCatalog(IConnectionMultiplexer redis)
{
    public const string CatalogKey = "sb:documents";
    public const string ByNameKey = "sb:documents:by-name";
    public const string ByHashKey = "sb:documents:by-hash";
    public const string CorpusVersionKey = "sb:corpus:version";
    public static readonly TimeSpan BlobTtl = TimeSpan.FromDays(2);

    /// <summary>Optimistic transactions retried this often before a burst of concurrent uploads is reported as an error.</summary>
    private const int MaxAttempts = 8;

    // Writes the record only while the catalogued version is still the one the caller worked on; 0 = gone,
    // 1 = a newer version replaced it, 2 = written. cjson only decodes here: re-encoding would turn [] into {}.
    private const string UpdateIfCurrentScript = """
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        if not cur then return 0 end
        local ok, doc = pcall(cjson.decode, cur)
        local version = 1
        if ok and type(doc) == 'table' and type(doc['version']) == 'number' then version = doc['version'] end
        if version ~= tonumber(ARGV[2]) then return 1 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        if ARGV[4] == '1' then redis.call('INCR', KEYS[2]) end
        return 2
        """;

    // Removes the record, its blobs and the index entries that still point at it, and moves the corpus on, in one step.
    private const string RemoveScript = """
        redis.call('DEL', KEYS[4])
        local cur = redis.call('HGET', KEYS[1], ARGV[1])
        if not cur then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('INCR', KEYS[5])
        local ok, doc = pcall(cjson.decode, cur)
        if ok and type(doc) == 'table' then
          if type(doc['name']) == 'string' and redis.call('HGET', KEYS[2], doc['name']) == ARGV[1] then
            redis.call('HDEL', KEYS[2], doc['name'])
          end
          if type(doc['contentHash']) == 'string' and redis.call('HGET', KEYS[3], doc['contentHash']) == ARGV[1] then
            redis.call('HDEL', KEYS[3], doc['contentHash'])
          end
          if type(doc['version']) == 'number' and doc['version'] > 1 then
            redis.call('DEL', KEYS[4] .. ':v' .. string.format('%d', doc['version']))
          end
        end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The current corpus version: 0 before the first change, then incremented by every change (see the class remarks).</summary>
    public async Task<long> GetCorpusVersionAsync() =>
        await Db.StringGetAsync(CorpusVersionKey) is { IsNull: false } value ? (long)value : 0;

    /// <summary>Where the bytes of one version wait for ingestion. Version 1 keeps the original key <c>sb:blob:&lt;id&gt;</c>.</summary>
    public static string BlobKey(string documentId, int version = 1) =>
        version <= 1 ? $"sb:blob:{documentId}" : $"sb:blob:{documentId}:v{version}";

    public async Task<DocumentInfo?> GetAsync(string id)
    {
        var json = await Db.HashGetAsync(CatalogKey, id);
        return Deserialize(json);
    }

    public async Task<IReadOnlyList<DocumentInfo>> ListAsync()
    {
        var all = await Db.HashValuesAsync(CatalogKey);
        return all
            .Select(v => Deserialize(v)!)
            .OrderByDescending(d => d.CreatedAt)
            .ToList();
    }

    /// <summary>The document currently catalogued under this exact (sanitised) file name.</summary>
    public async Task<DocumentInfo?> FindByNameAsync(string name) =>
        await Db.HashGetAsync(ByNameKey, name) is { IsNullOrEmpty: false } id ? await GetAsync(id!) : null;

    /// <summary>The document whose current version has this SHA-256 (lowercase hex).</summary>
    public async Task<DocumentInfo?> FindByContentHashAsync(string contentHash) =>
        await Db.HashGetAsync(ByHashKey, contentHash) is { IsNullOrEmpty: false } id ? await GetAsync(id!) : null;

    /// <summary>
    /// Stores the upload's bytes and its queued record in one transaction, without touching the name/hash indexes.
    /// Uploads go through <see cref="AddOrReplaceAsync"/>; this stays for callers that catalogue a known new document.
    /// </summary>
    public async Task AddAsync(DocumentInfo document, ReadOnlyMemory<byte> content)
    {
        var tx = Db.CreateTransaction();
        _ = tx.StringSetAsync(BlobKey(document.Id, document.Version), content, BlobTtl);
        _ = tx.HashSetAsync(CatalogKey, document.Id, Serialize(document));
        _ = tx.StringIncrementAsync(CorpusVersionKey);
        if (!await tx.ExecuteAsync())
        {
            throw new InvalidOperationException($"Storing document {document.Id} failed.");
        }
    }

    /// <summary>
    /// Catalogues an upload atomically against concurrent uploads:
    /// <list type="bullet">
    /// <item>content already catalogued (same SHA-256, not failed) → <see cref="UploadOutcome.Duplicate"/>, nothing written;</item>
    /// <item>a document with the same name exists → <see cref="UploadOutcome.NewVersion"/>: same id, version + 1, queued,
    /// new blob; the previous version's chunks stay searchable until the new ones commit;</item>
    /// <item>otherwise → <see cref="UploadOutcome.Added"/>, version 1.</item>
    /// </list>
    /// Tags and allowed groups left empty in <paramref name="candidate"/> are carried over from the previous version, so
    /// a new version uploaded without them never silently opens a restricted document to everyone.
    /// </summary>
    /// <param name="candidate">The record a brand-new document would get (fresh id, <see cref="DocumentInfo.ContentHash"/> set).</param>
    /// <param name="content">The uploaded bytes.</param>
    /// <param name="mayUse">Whether the uploader may see (as a duplicate) or replace (as a new version) an existing
    /// document; when it says no, nothing is written and the outcome is <see cref="UploadOutcome.NotPermitted"/>.</param>
    /// <exception cref="InvalidOperationException">Concurrent writers kept changing the same entries.</exception>
    public async Task<CatalogUpload> AddOrReplaceAsync(DocumentInfo candidate, ReadOnlyMemory<byte> content, Func<DocumentInfo, bool>? mayUse = null)
    {
        var hash = candidate.ContentHash ?? throw new ArgumentException("The content hash is required.", nameof(candidate));
        var db = Db;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var hashOwner = await db.HashGetAsync(ByHashKey, hash);
            if (!hashOwner.IsNull && Deserialize(await db.HashGetAsync(CatalogKey, hashOwner.ToString())) is { } same
                && same.ContentHash == hash && same.Status != DocumentStatus.Failed)
            {
                return new CatalogUpload(mayUse?.Invoke(same) == false ? UploadOutcome.NotPermitted : UploadOutcome.Duplicate, same, Previous: null);
            }

            var nameOwner = await db.HashGetAsync(ByNameKey, candidate.Name);
            var previousJson = nameOwner.IsNull ? RedisValue.Null : await db.HashGetAsync(CatalogKey, nameOwner.ToString());
            var previous = Deserialize(previousJson);
            if (previous is not null && mayUse?.Invoke(previous) == false)
            {
                return new CatalogUpload(UploadOutcome.NotPermitted, previous, Previous: null);
            }

            var tx = db.CreateTransaction();
            tx.AddCondition(hashOwner.IsNull ? Condition.HashNotExists(ByHashKey, hash) : Condition.HashEqual(ByHashKey, hash, hashOwner));
            DocumentInfo document;
            UploadOutcome outcome;
            if (previous is null)
            {
                // A name entry without its record is a leftover: claim the name, but only if that is still the case.
                tx.AddCondition(nameOwner.IsNull ? Condition.HashNotExists(ByNameKey, candidate.Name) : Condition.HashEqual(ByNameKey, candidate.Name, nameOwner));
                if (!nameOwner.IsNull)
                {
                    tx.AddCondition(Condition.HashNotExists(CatalogKey, nameOwner.ToString()));
                }

                document = candidate with { Version = 1 };
                outcome = UploadOutcome.Added;
            }
            else
            {
                tx.AddCondition(Condition.HashEqual(ByNameKey, candidate.Name, nameOwner));
                tx.AddCondition(Condition.HashEqual(CatalogKey, previous.Id, previousJson));
                document = candidate with
                {
                    Id = previous.Id,
                    Version = previous.Version + 1,
                    // The previous version's chunks are what search sees until this version commits.
                    Chunks = previous.Chunks,
                    Tags = candidate.Tags.Count > 0 ? candidate.Tags : previous.Tags,
                    AllowedGroups = candidate.AllowedGroups.Count > 0 ? candidate.AllowedGroups : previous.AllowedGroups,
                };
                outcome = UploadOutcome.NewVersion;

                // The old content no longer names this document; drop its hash entry if it still points here.
                if (previous.ContentHash is { } oldHash && oldHash != hash)
                {
                    var oldOwner = await db.HashGetAsync(ByHashKey, oldHash);
                    tx.AddCondition(oldOwner.IsNull ? Condition.HashNotExists(ByHashKey, oldHash) : Condition.HashEqual(ByHashKey, oldHash, oldOwner));
                    if (oldOwner == previous.Id)
                    {
                        _ = tx.HashDeleteAsync(ByHashKey, oldHash);
                    }
                }
            }

            // The previous version's blob is left to its own (now stale) ingest job, which deletes it, or to the TTL.
            _ = tx.StringSetAsync(BlobKey(document.Id, document.Version), content, BlobTtl);
            _ = tx.HashSetAsync(CatalogKey, document.Id, Serialize(document));
            _ = tx.HashSetAsync(ByNameKey, document.Name, document.Id);
            _ = tx.HashSetAsync(ByHashKey, hash, document.Id);
            _ = tx.StringIncrementAsync(CorpusVersionKey);
            if (await tx.ExecuteAsync())
            {
                return new CatalogUpload(outcome, document, previous);
            }
        }

        throw new InvalidOperationException($"Cataloguing '{candidate.Name}' kept conflicting with concurrent uploads.");
    }

    /// <summary>
    /// Takes back what <see cref="AddOrReplaceAsync"/> wrote when its ingest job could not be queued: an added
    /// document is removed, a new version gives way to the previous record again. Does nothing once the record changed.
    /// </summary>
    public async Task RevertAsync(CatalogUpload upload)
    {
        var document = upload.Document;
        switch (upload.Outcome)
        {
            case UploadOutcome.Added:
                await RemoveAsync(document.Id);
                break;
            case UploadOutcome.NewVersion when upload.Previous is { } previous:
                var tx = Db.CreateTransaction();
                tx.AddCondition(Condition.HashEqual(CatalogKey, document.Id, Serialize(document)));
                _ = tx.HashSetAsync(CatalogKey, previous.Id, Serialize(previous));
                _ = tx.KeyDeleteAsync(BlobKey(document.Id, document.Version));
                if (document.ContentHash is { } hash && hash != previous.ContentHash)
                {
                    tx.AddCondition(Condition.HashEqual(ByHashKey, hash, document.Id));
                    _ = tx.HashDeleteAsync(ByHashKey, hash);
                }

                if (previous.ContentHash is { } previousHash)
                {
                    _ = tx.HashSetAsync(ByHashKey, previousHash, previous.Id, When.NotExists);
                }

                _ = tx.StringIncrementAsync(CorpusVersionKey);

                await tx.ExecuteAsync();
                break;
        }
    }

    /// <summary>
    /// Replaces the record if the document is still catalogued (a deleted document stays deleted). A record that ends
    /// <c>ready</c> or <c>failed</c> moves the corpus version on: its chunks changed, or a failed version's did not.
    /// </summary>
    public async Task<bool> UpdateAsync(DocumentInfo document)
    {
        var tx = Db.CreateTransaction();
        tx.AddCondition(Condition.HashExists(CatalogKey, document.Id));
        _ = tx.HashSetAsync(CatalogKey, document.Id, Serialize(document));
        if (ChangesCorpus(document))
        {
            _ = tx.StringIncrementAsync(CorpusVersionKey);
        }

        return await tx.ExecuteAsync();
    }

    /// <summary>
    /// Replaces the record only while the catalogued version is <paramref name="document"/>'s: a job working on
    /// version 1 must not overwrite the queued version 2 that replaced it, nor resurrect a deleted document.
    /// </summary>
    public async Task<CatalogUpdate> UpdateIfCurrentAsync(DocumentInfo document)
    {
        var result = (int)await Db.ScriptEvaluateAsync(
            UpdateIfCurrentScript,
            [CatalogKey, CorpusVersionKey],
            [document.Id, document.Version, Serialize(document), ChangesCorpus(document) ? "1" : "0"]);
        return (CatalogUpdate)result;
    }

    public async Task<byte[]?> ReadBlobAsync(string documentId, int version = 1) => await ReadBlobByKeyAsync(BlobKey(documentId, version));

    /// <summary>The bytes under a blob key as an <see cref="IngestRequested"/> names it.</summary>
    public async Task<byte[]?> ReadBlobByKeyAsync(string blobKey)
    {
        var value = await Db.StringGetAsync(blobKey);
        return value.IsNull ? null : (byte[]?)value;
    }

    public Task DeleteBlobAsync(string documentId, int version = 1) => Db.KeyDeleteAsync(BlobKey(documentId, version));

    public Task DeleteBlobByKeyAsync(string blobKey) => Db.KeyDeleteAsync(blobKey);

    /// <summary>Removes the record, its pending blob and its name/hash index entries in one step.</summary>
    public async Task<bool> RemoveAsync(string documentId)
    {
        var removed = (int)await Db.ScriptEvaluateAsync(
            RemoveScript,
            [CatalogKey, ByNameKey, ByHashKey, BlobKey(documentId), CorpusVersionKey],
            [documentId]);
        return removed == 1;
    }

    // Ready: new chunks are searchable. Failed: counted too, because a failed new version may have replaced chunks
    // before failing, and a cache miss is cheaper than a stale answer.
    private static bool ChangesCorpus(DocumentInfo document) =>
        document.Status is DocumentStatus.Ready or DocumentStatus.Failed;

    // The recovery note is worked out when a record is served, never stored.
    private static string Serialize(DocumentInfo document) =>
        JsonSerializer.Serialize(document.Recovery is null ? document : document with { Recovery = null }, SwitchboardJson.Options);

    private static DocumentInfo? Deserialize(RedisValue json) =>
        json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<DocumentInfo>(json.ToString(), SwitchboardJson.Options);
}

/// <summary>What <see cref="DocumentCatalog.AddOrReplaceAsync"/> did with an upload.</summary>
public enum UploadOutcome
{
    /// <summary>A new document, version 1.</summary>
    Added,

    /// <summary>A new version of the document with the same name: same id, version incremented, queued.</summary>
    NewVersion,

    /// <summary>The same bytes are already catalogued: nothing was written.</summary>
    Duplicate,

    /// <summary>The duplicate or the document of the same name is one the uploader may not use: nothing was written.</summary>
    NotPermitted,
}

/// <param name="Document">The record as catalogued now (for a duplicate or a refusal: the existing document).</param>
/// <param name="Previous">For <see cref="UploadOutcome.NewVersion"/>, the record it replaced.</param>
public sealed record CatalogUpload(UploadOutcome Outcome, DocumentInfo Document, DocumentInfo? Previous);

/// <summary>The result of <see cref="DocumentCatalog.UpdateIfCurrentAsync"/>; the values are the script's answers.</summary>
public enum CatalogUpdate
{
    /// <summary>The document is no longer catalogued (deleted).</summary>
    Missing = 0,

    /// <summary>A newer version replaced the one the caller worked on; nothing was written.</summary>
    Superseded = 1,

    Updated = 2,
}
