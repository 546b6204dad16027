using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.ComplianceAgent.Audit;

/// <summary>
/// Writes each approval step from <c>sb:approvals</c> (held, approved, edited, rejected, expired) to the audit log with
/// who decided and when, once per event id however often it is delivered.
/// </summary>
public sealed partial class ApprovalAuditHandler(AuditLog auditLog, ILogger<ApprovalAuditHandler> logger) : IEventHandler<ApprovalRecorded>
{
    public async Task HandleAsync(ApprovalRecorded @event, CancellationToken cancellationToken)
    {
        if (await auditLog.AppendAsync(@event) is { } entryId)
        {
            LogAudited(@event.Item.Id, @event.Kind, entryId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audited approval step {Kind} of answer {AnswerId} as entry {EntryId}")]
    private partial void LogAudited(string answerId, string kind, string entryId);
}
