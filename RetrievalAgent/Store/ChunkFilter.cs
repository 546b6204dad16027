using Switchboard.AgentCore.Contracts;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// What a store query may return: the request's metadata filters (every given criterion holds; within a list any value
/// matches) and the caller's access. <see cref="CallerGroups"/> empty means an anonymous caller, who sees only
/// documents without allowed groups; otherwise a restricted document is visible when the caller is in one of its groups.
/// The store applies all of it in its query, so neither keyword nor vector candidates ever include a hidden chunk.
/// </summary>
public sealed record ChunkFilter
{
    public static readonly ChunkFilter Anonymous = new();

    public IReadOnlyList<string>? DocumentIds { get; init; }

    /// <summary>Document names (the uploaded file name), compared case-insensitively.</summary>
    public IReadOnlyList<string>? SourceNames { get; init; }

    /// <summary>Tags, compared case-insensitively; a document matches when it has any of them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Inclusive bounds on the document's upload time.</summary>
    public DateTimeOffset? UploadedFrom { get; init; }

    public DateTimeOffset? UploadedTo { get; init; }

    /// <summary>The caller's groups, compared exactly (ordinal): group names are identifiers, not prose.</summary>
    public IReadOnlyList<string> CallerGroups { get; init; } = [];

    /// <summary>
    /// A list criterion given with only blank values can match nothing (the caller asked for specific documents and
    /// named none that exist); the store then returns no rows instead of ignoring the criterion.
    /// </summary>
    public bool MatchesNothing =>
        IsBlankList(DocumentIds) || IsBlankList(SourceNames) || IsBlankList(Tags)
        || UploadedFrom is { } from && UploadedTo is { } to && from > to;

    public static ChunkFilter From(SearchFilters? filters, IReadOnlyList<string>? callerGroups = null) => new()
    {
        DocumentIds = Clean(filters?.DocumentIds),
        SourceNames = Clean(filters?.SourceNames),
        Tags = Clean(filters?.Tags),
        UploadedFrom = filters?.UploadedFrom,
        UploadedTo = filters?.UploadedTo,
        CallerGroups = Clean(callerGroups) ?? [],
    };

    // An absent or empty list is no criterion. A list of only blank values stays "given" but empty, so
    // MatchesNothing can tell it apart: ["  "] names a document, just none that can exist.
    private static List<string>? Clean(IReadOnlyList<string>? values) =>
        values is null or { Count: 0 } ? null
        : values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static bool IsBlankList(IReadOnlyList<string>? values) => values is { Count: 0 };

    /// <summary>No metadata criterion (access still applies).</summary>
    internal bool HasNoCriteria => DocumentIds is null && SourceNames is null && Tags is null && UploadedFrom is null && UploadedTo is null;
}
