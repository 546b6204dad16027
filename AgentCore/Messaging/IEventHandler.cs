using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

/// <summary>
/// Handles one event type from a stream. Delivery is at least once: a handler must be idempotent by
/// <see cref="IntegrationEvent.Id"/>. Returning commits the entry (it is acknowledged); throwing leaves it pending
/// so it is re-claimed and retried, and after <see cref="StreamConsumerOptions.MaxDeliveries"/> dead-lettered.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
