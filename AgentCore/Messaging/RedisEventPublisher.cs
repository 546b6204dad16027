using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

internal sealed class RedisEventPublisher(IConnectionMultiplexer redis, IOptions<MessagingOptions> options) : IEventPublisher
{
    private static readonly Counter<long> Published = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.events.published", "{event}", "Events appended to a Redis stream");

    public async Task<string> PublishAsync<TEvent>(string stream, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IntegrationEvent
    {
        using var activity = SwitchboardTelemetry.ActivitySource.StartActivity($"publish {stream}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", stream);
        activity?.SetTag("messaging.message.id", @event.Id);

        // W3C traceparent of the producer span, so the consumer's span joins this trace.
        var traceParent = Activity.Current?.Id;
        var id = await redis.GetDatabase().StreamAddAsync(
            stream,
            StreamEntryFormat.Write(@event, traceParent, StreamEntryFormat.FormatBaggage(Activity.Current)),
            maxLength: options.Value.MaxStreamLength,
            useApproximateMaxLength: true);

        Published.Add(1, new KeyValuePair<string, object?>("stream", stream));
        return id.ToString();
    }
}
