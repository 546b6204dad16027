using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

/// <summary>How an event is laid out in a stream entry: id, type, traceparent and the JSON body.</summary>
internal static class StreamEntryFormat
{
    public const string IdField = "id";
    public const string TypeField = "type";
    public const string TraceParentField = "traceparent";
    public const string DataField = "data";
    public const string ErrorField = "error";
    public const string SourceIdField = "source_id";

    public static NameValueEntry[] Write<TEvent>(TEvent @event, string? traceParent) where TEvent : IntegrationEvent =>
    [
        new(IdField, @event.Id),
        new(TypeField, typeof(TEvent).Name),
        new(TraceParentField, traceParent ?? string.Empty),
        new(DataField, JsonSerializer.Serialize(@event, SwitchboardJson.Options)),
    ];

    public static TEvent Read<TEvent>(StreamEntry entry) where TEvent : IntegrationEvent
    {
        var data = entry[DataField];
        if (data.IsNullOrEmpty)
        {
            throw new FormatException($"Stream entry {entry.Id} has no '{DataField}' field.");
        }

        return JsonSerializer.Deserialize<TEvent>((string)data!, SwitchboardJson.Options)
               ?? throw new FormatException($"Stream entry {entry.Id} holds JSON null.");
    }
}
