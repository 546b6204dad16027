namespace Switchboard.ComplianceAgent.Audit;

/// <summary>Audit log settings, bound from <c>Compliance:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Compliance:Audit";

    /// <summary>The append-only audit stream. We never trim it; retention is an operator decision.</summary>
    public string Stream { get; set; } = "sb:audit";

    /// <summary>
    /// How long <c>sb:audit:seen:&lt;eventId&gt;</c> markers live. Redeliveries happen within minutes (claim idle
    /// time) or days (the consumer's own processed marker lives 7 days); 30 days keeps one marker per interaction
    /// bounded without reopening the window for duplicates.
    /// </summary>
    public TimeSpan SeenMarkerTtl { get; set; } = TimeSpan.FromDays(30);

    public const int MaxReadCount = 500;
}
