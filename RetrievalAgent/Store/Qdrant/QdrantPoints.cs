using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Switchboard.RetrievalAgent.Store.VectorData;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// How a chunk is a Qdrant point: a UUID derived from the chunk id (Qdrant ids are integers or UUIDs, and a derived id
/// makes every upsert idempotent), and a payload carrying the document metadata so filters need no join.
/// </summary>
/// <remarks>
/// Qdrant's keyword match is exact, while source names and tags filter case-insensitively: <c>source</c> and
/// <c>tags</c> hold lowercased copies (indexed), <c>document_name</c> and <c>tag_labels</c> the originals.
/// </remarks>
public static class QdrantPoints
{
    public const string Dense = "dense";
    public const string Sparse = "sparse";

    public const string ChunkId = "chunk_id";
    public const string DocumentId = "document_id";
    public const string DocumentName = "document_name";
    public const string Source = "source";
    public const string Ordinal = "ordinal";
    public const string Page = "page";
    public const string Row = "row";
    public const string Text = "text";
    public const string Tags = "tags";
    public const string TagLabels = "tag_labels";
    public const string AllowedGroups = "allowed_groups";
    public const string UploadedAt = "uploaded_at";

    /// <summary>The payload indexes created at bootstrap: what filters and access query.</summary>
    public static readonly IReadOnlyList<(string Field, string Schema)> Indexes =
    [
        (DocumentId, "keyword"), (Source, "keyword"), (Tags, "keyword"), (AllowedGroups, "keyword"),
        (UploadedAt, "datetime"), (Ordinal, "integer"),
    ];

    /// <summary>A name-based UUID (RFC 9562 version 5 layout, SHA-1) of the chunk id: stable across processes.</summary>
    public static string PointId(string chunkId)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes("switchboard-chunk:" + chunkId), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return Convert.ToHexStringLower(hash[..16]).Insert(20, "-").Insert(16, "-").Insert(12, "-").Insert(8, "-");
    }

    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Payload(ChunkRecord record) => new()
    {
        [ChunkId] = record.Id,
        [DocumentId] = record.DocumentId,
        [DocumentName] = record.DocumentName,
        [Source] = record.DocumentName.ToLowerInvariant(),
        [Ordinal] = record.Ordinal,
        [Page] = record.Page,
        [Row] = record.Row,
        [Text] = record.Text,
        [Tags] = Array(record.Tags.Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal)),
        [TagLabels] = Array(record.Tags),
        [AllowedGroups] = Array(record.AllowedGroups),
        [UploadedAt] = Timestamp(record.UploadedAt),
    };

    /// <summary>A point of <c>PointInsertOperations</c>: id, the named dense vector and the sparse one, payload.</summary>
    public static JsonObject Point(ChunkRecord record, ReadOnlyMemory<float> dense, SparseEncoding sparse) => new()
    {
        ["id"] = PointId(record.Id),
        ["vector"] = new JsonObject
        {
            [Dense] = Array(dense.ToArray()),
            [Sparse] = SparseDocument(record.Text, sparse),
        },
        ["payload"] = Payload(record),
    };

    /// <summary>The sparse side of a stored chunk: a <c>Document</c> for server-side BM25, or hashed term frequencies.</summary>
    public static JsonNode SparseDocument(string text, SparseEncoding sparse) => sparse == SparseEncoding.ServerBm25
        ? new JsonObject { ["text"] = text, ["model"] = "qdrant/bm25" }
        : SparseVector(Bm25Hashing.Document(text));

    /// <summary>The sparse side of a query: every unique term weighs 1 and Qdrant's <c>idf</c> modifier weights it.</summary>
    public static JsonNode SparseQuery(string text, SparseEncoding sparse) => sparse == SparseEncoding.ServerBm25
        ? new JsonObject { ["text"] = text, ["model"] = "qdrant/bm25" }
        : SparseVector(Bm25Hashing.Query(text));

    public static ChunkRecord Record(JsonObject point)
    {
        var payload = point["payload"] as JsonObject ?? [];
        var record = new ChunkRecord
        {
            Id = (string?)payload[ChunkId] ?? "",
            DocumentId = (string?)payload[DocumentId] ?? "",
            DocumentName = (string?)payload[DocumentName] ?? "",
            Ordinal = (int?)payload[Ordinal] ?? 0,
            Page = (int?)payload[Page],
            Row = (int?)payload[Row],
            Text = (string?)payload[Text] ?? "",
            Tags = Strings(payload[TagLabels]),
            AllowedGroups = Strings(payload[AllowedGroups]),
            UploadedAt = DateTimeOffset.TryParse((string?)payload[UploadedAt], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : default,
        };
        // A named-vector record: {"vector": {"dense": [...], "sparse": {...}}}.
        if (point["vector"] is JsonObject vectors && vectors[Dense] is JsonArray dense)
        {
            record.Embedding = dense.Select(v => (float)v!).ToArray();
        }

        return record;
    }

    public static StoredChunk Chunk(JsonObject point) => Record(point).ToStoredChunk();

    private static JsonObject SparseVector(IReadOnlyList<(uint Index, float Value)> terms) => new()
    {
        ["indices"] = Array(terms.Select(t => t.Index)),
        ["values"] = Array(terms.Select(t => t.Value)),
    };

    private static JsonArray Array<T>(IEnumerable<T> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(v => (string?)v).OfType<string>().ToList() : [];
}
