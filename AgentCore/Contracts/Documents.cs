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

    /// <summary>
    /// Who uploaded this version: a pseudonym of the uploader's token subject (never the subject itself); null for an
    /// anonymous upload. A contributor may delete only documents they uploaded (an admin any).
    /// </summary>
    public string? UploadedBy { get; init; }

    /// <summary>1 for the first upload under a name, incremented each time a new version replaces it.</summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// What ingestion flagged in the content (see <see cref="DocumentFlags"/>): e.g. <c>prompt_injection</c> when a chunk
    /// holds instruction-like text; the warnings say which chunk. Empty for an ordinary document.
    /// </summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>
    /// Set while a <c>queued</c> or <c>processing</c> document waits for its ingestion to be taken over: the consumer that
    /// held its job stopped, or none is running. Worked out when the record is served, never stored; absent otherwise.
    /// </summary>
    public DocumentRecovery? Recovery { get; init; }
}

/// <summary>Why an unfinished document is not moving, as <c>GET /v1/documents/{id}</c> shows it.</summary>
/// <param name="Status">Always <see cref="DocumentRecoveryStatus.Waiting"/> for now.</param>
/// <param name="Reason"><see cref="DocumentRecoveryReason.ConsumerStopped"/> or <see cref="DocumentRecoveryReason.NoConsumer"/>.</param>
/// <param name="Detail">One sentence for people.</param>
public sealed record DocumentRecovery(string Status, string Reason, string Detail);

public static class DocumentRecoveryStatus
{
    /// <summary>The document's ingestion is held by no running consumer; it resumes when one takes it over.</summary>
    public const string Waiting = "waiting";
}

public static class DocumentRecoveryReason
{
    /// <summary>The ingestion job was taken by a RetrievalAgent that stopped (its heartbeat expired) before finishing it.</summary>
    public const string ConsumerStopped = "consumer_stopped";

    /// <summary>No RetrievalAgent is consuming ingestion jobs at all.</summary>
    public const string NoConsumer = "no_consumer";
}

public static class DocumentFlags
{
    /// <summary>A chunk holds text aimed at a model ("ignore previous instructions ..."): quoted as data in prompts, a risk reason in answers.</summary>
    public const string PromptInjection = "prompt_injection";
}

public static class DocumentStatus
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}
