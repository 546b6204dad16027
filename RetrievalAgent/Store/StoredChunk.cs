using Switchboard.AgentCore.Contracts;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>The document a set of chunks belongs to, as the store keeps it.</summary>
public sealed record StoredDocument(string Id, string Name, string ContentType, DateTimeOffset CreatedAt)
{
    /// <summary>Labels from the upload, usable as search filters.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Groups that may read the document; empty means everyone may.</summary>
    public IReadOnlyList<string> AllowedGroups { get; init; } = [];

    /// <summary>The store's view of a catalogued document: the one place ingestion maps catalog metadata.</summary>
    public static StoredDocument From(DocumentInfo document, string contentType) =>
        new(document.Id, document.Name, contentType, document.CreatedAt)
        {
            Tags = document.Tags,
            AllowedGroups = document.AllowedGroups,
        };
}

/// <summary>
/// One indexed chunk. <see cref="Id"/> is <c>&lt;documentId&gt;:&lt;ordinal&gt;</c>, stable across re-ingestion of the
/// same document. <see cref="Page"/> is the 1-based PDF page; <see cref="Row"/> the first 1-based CSV row it holds.
/// </summary>
public sealed record StoredChunk(string Id, string DocumentId, string DocumentName, int Ordinal, int? Page, int? Row, string Text)
{
    public static string IdFor(string documentId, int ordinal) => $"{documentId}:{ordinal}";
}

/// <summary>A chunk the keyword index matched, with its relevance (higher is better).</summary>
public sealed record ScoredChunk(StoredChunk Chunk, double Score);
