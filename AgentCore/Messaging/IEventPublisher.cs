using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

/// <summary>Appends integration events to a Redis stream.</summary>
public interface IEventPublisher
{
    /// <returns>The stream entry id Redis assigned.</returns>
    Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IntegrationEvent;
}
