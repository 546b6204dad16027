using Switchboard.AgentCore.AI.Usage;

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
    string? TraceId) : IntegrationEvent
{
    /// <summary>Tokens and cost of the answer, for the ledger; null from producers that predate usage accounting.</summary>
    public AnswerUsage? Usage { get; init; }

    /// <summary>True when the answer was served from the Gateway's answer cache (no agent ran).</summary>
    public bool Cached { get; init; }

    /// <summary>
    /// The standalone question the agents were asked when the router rewrote a follow-up (built from screened text only);
    /// null when it is <see cref="Question"/> itself or no agent was planned. Absent from older producers.
    /// </summary>
    public string? AgentQuestion { get; init; }

    /// <summary>
    /// For <see cref="AnswerStatus.Failed"/>: the failed call's outcome (<c>unavailable</c>, <c>busy</c>, <c>rejected</c>,
    /// <c>timeout</c>); null otherwise.
    /// </summary>
    public string? Failure { get; init; }

    /// <summary>
    /// Instruction-like text the review found in the sources the answer rests on (indirect prompt injection), as
    /// <c>[context] rule</c>, e.g. <c>[2] ignore_previous_instructions</c>; empty when none or not reviewed.
    /// </summary>
    public IReadOnlyList<string> SourceFindings { get; init; } = [];
}

/// <summary>The stream names of DESIGN.md §5; each has a dead-letter twin <c>&lt;name&gt;:dlq</c>.</summary>
public static class Streams
{
    public const string Ingest = "sb:ingest";
    public const string Interactions = "sb:interactions";
    public const string Feedback = "sb:feedback";
    public const string Approvals = "sb:approvals";

    public static string DeadLetter(string stream) => stream + ":dlq";
}

/// <summary>Consumer groups other services need to know by name.</summary>
public static class ConsumerGroups
{
    /// <summary>The RetrievalAgent's group on <see cref="Streams.Ingest"/>: it ingests uploaded documents.</summary>
    public const string Retrieval = "retrieval";
}
