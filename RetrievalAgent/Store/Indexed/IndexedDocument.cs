namespace Switchboard.RetrievalAgent.Store.Indexed;

/// <summary>A document in the in-memory index: what its filters and access check read, and the slots of its chunks.</summary>
internal sealed class IndexedDocument
{
    public IndexedDocument(StoredDocument document, int number)
    {
        Document = document;
        Number = number;
        Tags = document.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Groups = document.AllowedGroups.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        UploadedAtMs = document.CreatedAt.ToUnixTimeMilliseconds();
    }

    public StoredDocument Document { get; }

    /// <summary>Its position in the index's document list: per-query visibility is a bit per number.</summary>
    public int Number { get; }

    public HashSet<string> Tags { get; }

    public string[] Groups { get; }

    public long UploadedAtMs { get; }

    public List<int> Slots { get; } = [];

    public bool IsRestricted => Groups.Length > 0;

    /// <summary>Whether <paramref name="filter"/> lets this document through: every given criterion, and access (as <see cref="SqlFilter"/>).</summary>
    public bool IsVisibleTo(ChunkFilter filter)
    {
        if (filter.DocumentIds is { } ids && !ids.Contains(Document.Id, StringComparer.Ordinal))
        {
            return false;
        }

        if (filter.SourceNames is { } names && !names.Contains(Document.Name, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (filter.Tags is { } tags && !tags.Any(Tags.Contains))
        {
            return false;
        }

        if (filter.UploadedFrom is { } from && UploadedAtMs < from.ToUnixTimeMilliseconds())
        {
            return false;
        }

        if (filter.UploadedTo is { } to && UploadedAtMs > to.ToUnixTimeMilliseconds())
        {
            return false;
        }

        return !IsRestricted || filter.CallerGroups.Any(g => Groups.Contains(g, StringComparer.Ordinal));
    }
}

/// <summary>A chunk in the in-memory index: the chunk, its document and its length in tokens (BM25's document length).</summary>
internal sealed record IndexedChunk(StoredChunk Chunk, IndexedDocument Document, int Length);

/// <summary>One occurrence list entry: the chunk's slot and how often the term occurs in it.</summary>
internal readonly record struct Posting(int Slot, int Frequency);
