using Microsoft.Extensions.VectorData;

namespace Switchboard.RetrievalAgent.Store.VectorData;

/// <summary>
/// A chunk as a vector-store record (<c>Microsoft.Extensions.VectorData</c>): the chunk with its document's metadata
/// denormalised onto it, as a point payload in Qdrant would carry it, so filters need no join in any store.
/// </summary>
/// <remarks>
/// The attribute's dimension is the embedded default's (1024); a store whose schema needs the configured size
/// builds its definition with <see cref="Definition(int)"/> instead.
/// </remarks>
public sealed class ChunkRecord
{
    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public string DocumentId { get; set; } = "";

    /// <summary>The document's name (the uploaded file name): the "source name" filters match.</summary>
    [VectorStoreData(IsIndexed = true)]
    public string DocumentName { get; set; } = "";

    [VectorStoreData]
    public int Ordinal { get; set; }

    [VectorStoreData]
    public int? Page { get; set; }

    [VectorStoreData]
    public int? Row { get; set; }

    [VectorStoreData(IsFullTextIndexed = true)]
    public string Text { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public List<string> Tags { get; set; } = [];

    /// <summary>Groups that may read the document; empty means everyone may.</summary>
    [VectorStoreData(IsIndexed = true)]
    public List<string> AllowedGroups { get; set; } = [];

    [VectorStoreData(IsIndexed = true)]
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>Empty on upsert means "embed <see cref="Text"/> with the store's embedder".</summary>
    [VectorStoreVector(1024, DistanceFunction = DistanceFunction.CosineSimilarity, IndexKind = IndexKind.Flat)]
    public ReadOnlyMemory<float> Embedding { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Id), typeof(string)),
            new VectorStoreDataProperty(nameof(DocumentId), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(DocumentName), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Ordinal), typeof(int)),
            new VectorStoreDataProperty(nameof(Page), typeof(int?)),
            new VectorStoreDataProperty(nameof(Row), typeof(int?)),
            new VectorStoreDataProperty(nameof(Text), typeof(string)) { IsFullTextIndexed = true },
            new VectorStoreDataProperty(nameof(Tags), typeof(List<string>)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(AllowedGroups), typeof(List<string>)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(UploadedAt), typeof(DateTimeOffset)) { IsIndexed = true },
            new VectorStoreVectorProperty(nameof(Embedding), typeof(ReadOnlyMemory<float>), dimensions)
            {
                DistanceFunction = DistanceFunction.CosineSimilarity,
                IndexKind = IndexKind.Flat,
            },
        ],
    };

    internal StoredChunk ToStoredChunk() => new(Id, DocumentId, DocumentName, Ordinal, Page, Row, Text);

    internal StoredDocument ToStoredDocument() =>
        new(DocumentId, DocumentName, "application/octet-stream", UploadedAt) { Tags = Tags, AllowedGroups = AllowedGroups };
}
