namespace Switchboard.AgentCore.Contracts;

/// <summary>Base of every event on a Redis stream: its id is the idempotency key of every handler.</summary>
public abstract record IntegrationEvent
{
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>A document was uploaded; its bytes wait under <see cref="BlobKey"/> in Redis until ingested.</summary>
public sealed record IngestRequested(string DocumentId, string FileName, string ContentType, string BlobKey) : IntegrationEvent;

/// <summary>One answered (or not) question, for the ledger and the audit log. The question is the screened text.</summary>
public sealed record InteractionRecorded(
    string AnswerId,
    string Question,
    string Status,
    string? Intent,
    double? Confidence,
    IReadOnlyList<string> Agents,
    string? ReviewVerdict,
    int CitationCount,
    double LatencyMs,
    IReadOnlyDictionary<string, double> Timings,
    IReadOnlyList<string> ScreenFindings,
    string? TraceId) : IntegrationEvent;

/// <summary>The stream names of DESIGN.md §5; each has a dead-letter twin <c>&lt;name&gt;:dlq</c>.</summary>
public static class Streams
{
    public const string Ingest = "sb:ingest";
    public const string Interactions = "sb:interactions";
    public const string Feedback = "sb:feedback";
    public const string Approvals = "sb:approvals";

    public static string DeadLetter(string stream) => stream + ":dlq";
}
