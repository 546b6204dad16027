namespace Switchboard.ComplianceAgent.Audit;

/// <summary>One interaction, or one step of an approval (status <c>approval_&lt;kind&gt;</c>), in the audit log, as approvers read it through <c>GET /audit</c>.</summary>
/// <param name="Id">The audit stream entry id (also the order of the log).</param>
/// <param name="RecordedAt">When the audit entry was written (from the entry id).</param>
/// <param name="EventId">The <c>InteractionRecorded</c> event id: the idempotency key.</param>
/// <param name="Question">The screened question, with any PII that is still detectable replaced by placeholders.</param>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset RecordedAt,
    string EventId,
    string AnswerId,
    DateTimeOffset OccurredAt,
    string Status,
    string? Intent,
    string? ReviewVerdict,
    IReadOnlyList<string> ScreenFindings,
    string? TraceId,
    string Question)
{
    /// <summary>For approval steps: who decided (an approver's name or token subject, <c>system</c> for expiry).</summary>
    public string? Actor { get; init; }

    /// <summary>For approval steps: the approver's reason, when given.</summary>
    public string? Reason { get; init; }

    /// <summary>For approval steps: the RiskAgent's level of the held answer.</summary>
    public string? RiskLevel { get; init; }

    /// <summary>For approval steps: why the approval policy held the answer.</summary>
    public IReadOnlyList<string> Triggers { get; init; } = [];

    /// <summary>Instruction-like text found in the answer's sources, as <c>[context] rule</c> (indirect prompt injection).</summary>
    public IReadOnlyList<string> SourceFindings { get; init; } = [];
}

/// <summary>The response of <c>GET /audit</c>: entries newest first.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditEntry> Entries);
