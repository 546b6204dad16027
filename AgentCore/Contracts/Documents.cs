namespace Switchboard.AgentCore.Contracts;

/// <summary>A document's place in the ingestion lifecycle, as shown by <c>GET /v1/documents/{id}</c>.</summary>
public sealed record DocumentInfo(
    string Id,
    string Name,
    string ContentType,
    long SizeBytes,
    string Status,
    int Chunks,
    IReadOnlyList<string> Warnings,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Free labels given at upload, usable as search filters.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Groups that may read the document; empty means everyone may.</summary>
    public IReadOnlyList<string> AllowedGroups { get; init; } = [];

    /// <summary>SHA-256 of the uploaded bytes (lowercase hex): identical re-uploads are recognised by it.</summary>
    public string? ContentHash { get; init; }

    /// <summary>1 for the first upload under a name, incremented each time a new version replaces it.</summary>
    public int Version { get; init; } = 1;
}

public static class DocumentStatus
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}
