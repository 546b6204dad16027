namespace Switchboard.AgentCore.Contracts;

/// <summary>
/// An answer held for a person's decision, as kept in the approval queue and carried on <see cref="Streams.Approvals"/>.
/// Its id is the answer id the asker polls (<c>GET /v1/ask/{id}</c>).
/// </summary>
/// <param name="Question">The screened question (PII already replaced), as the asker's turn records it.</param>
/// <param name="Answer">The answer that was held, with its <c>[n]</c> markers.</param>
/// <param name="Triggers">Why the approval policy held it, e.g. <c>risk high</c>, <c>intent usage_report</c>.</param>
public sealed record ApprovalItem(
    string Id,
    string Question,
    string Answer,
    IReadOnlyList<Citation> Citations,
    string? Intent,
    string? ReviewVerdict,
    RiskAssessment? Risk,
    IReadOnlyList<string> Triggers,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public string Status { get; init; } = ApprovalStatus.Pending;

    /// <summary>Who decided (the approver's name or token subject; <c>system</c> for expiry).</summary>
    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The approver's reason (required to reject; optional otherwise).</summary>
    public string? Reason { get; init; }

    /// <summary>The text the approver released instead of <see cref="Answer"/> (an edit); null when released as is.</summary>
    public string? EditedAnswer { get; init; }

    /// <summary>The trace of the question that was held, so the decision's audit entry links to it.</summary>
    public string? TraceId { get; init; }
}

/// <summary>The states of an <see cref="ApprovalItem"/>: pending until approved, edited, rejected or expired.</summary>
public static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Edited = "edited";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
}

/// <summary>
/// One step of an approval on <see cref="Streams.Approvals"/>: <c>requested</c> (the item waits; the Gateway's consumer
/// group puts it in the queue) or a decision (<c>approved</c>, <c>edited</c>, <c>rejected</c>, <c>expired</c>; the
/// ComplianceAgent's consumer group writes it to the audit log with who and when).
/// </summary>
public sealed record ApprovalRecorded(string Kind, ApprovalItem Item) : IntegrationEvent
{
    public const string Requested = "requested";
}

/// <summary>What the asker sees of an approval on the answer (<c>GET /v1/ask/{id}</c>).</summary>
public sealed record ApprovalState(string Status, DateTimeOffset ExpiresAt, string? DecidedBy = null, DateTimeOffset? DecidedAt = null, string? Reason = null);
