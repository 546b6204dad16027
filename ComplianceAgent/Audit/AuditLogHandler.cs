using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.ComplianceAgent.Audit;

/// <summary>Writes each recorded interaction to the audit log, once per event id however often it is delivered.</summary>
public sealed partial class AuditLogHandler(AuditLog auditLog, ILogger<AuditLogHandler> logger) : IEventHandler<InteractionRecorded>
{
    public async Task HandleAsync(InteractionRecorded @event, CancellationToken cancellationToken)
    {
        var entryId = await auditLog.AppendAsync(@event);
        if (entryId is null)
        {
            LogDuplicate(@event.Id);
        }
        else
        {
            LogAudited(@event.Id, entryId, @event.Status);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audited interaction event {EventId} as entry {EntryId} ({Status})")]
    private partial void LogAudited(string eventId, string entryId, string status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Interaction event {EventId} is already in the audit log; skipped")]
    private partial void LogDuplicate(string eventId);
}
