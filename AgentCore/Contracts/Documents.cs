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
    DateTimeOffset UpdatedAt);

public static class DocumentStatus
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}
