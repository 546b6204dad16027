using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// The Gateway's consumer group on <see cref="Streams.Approvals"/>: puts each requested item in the approval queue.
/// Returning acknowledges the entry, so an item is acknowledged only once it is in the queue; a Gateway that dies first
/// leaves the entry pending, and the next consumer of the group takes it over. Adding is idempotent by item id.
/// Decisions on the same stream are for the audit log (ComplianceAgent): nothing to do here.
/// </summary>
public sealed partial class ApprovalRequestedHandler(ApprovalQueue queue, ILogger<ApprovalRequestedHandler> logger) : IEventHandler<ApprovalRecorded>
{
    public async Task HandleAsync(ApprovalRecorded @event, CancellationToken cancellationToken)
    {
        if (@event.Kind != ApprovalRecorded.Requested)
        {
            return;
        }

        if (await queue.AddAsync(@event.Item with { Status = ApprovalStatus.Pending }))
        {
            LogQueued(@event.Item.Id, @event.Item.Triggers.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer {AnswerId} waits for approval ({TriggerCount} triggers)")]
    private partial void LogQueued(string answerId, int triggerCount);
}
