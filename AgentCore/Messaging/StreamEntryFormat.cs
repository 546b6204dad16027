using System.Diagnostics;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

/// <summary>
/// How an event is laid out in a stream entry: id, type, traceparent, baggage and the JSON body. Public so a reader of
/// pending entries outside the bus (the catalog's <c>IngestRecovery</c>) reads them the one way.
/// </summary>
public static class StreamEntryFormat
{
    public const string IdField = "id";
    public const string TypeField = "type";
    public const string TraceParentField = "traceparent";

    /// <summary>The producer's W3C baggage (e.g. the question's pseudonymous session and user), restored on the consumer's span.</summary>
    public const string BaggageField = "baggage";
    public const string DataField = "data";
    public const string ErrorField = "error";
    public const string SourceIdField = "source_id";

    public static NameValueEntry[] Write<TEvent>(TEvent @event, string? traceParent, string? baggage = null) where TEvent : IntegrationEvent =>
    [
        new(IdField, @event.Id),
        new(TypeField, typeof(TEvent).Name),
        new(TraceParentField, traceParent ?? string.Empty),
        new(BaggageField, baggage ?? string.Empty),
        new(DataField, JsonSerializer.Serialize(@event, SwitchboardJson.Options)),
    ];

    /// <summary>An activity's baggage as a W3C <c>baggage</c> value (<c>key=value,...</c>, percent-encoded); null when it has none.</summary>
    public static string? FormatBaggage(Activity? activity)
    {
        if (activity is null)
        {
            return null;
        }

        StringBuilder? text = null;
        foreach (var (key, value) in activity.Baggage)
        {
            text = text is null ? new StringBuilder() : text.Append(',');
            text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
        }

        return text?.ToString();
    }

    /// <summary>Adds the baggage written by <see cref="FormatBaggage"/> to <paramref name="activity"/>.</summary>
    public static void RestoreBaggage(Activity? activity, string? baggage)
    {
        if (activity is null || string.IsNullOrEmpty(baggage))
        {
            return;
        }

        foreach (var item in baggage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = item.IndexOf('=');
            if (separator > 0)
            {
                activity.AddBaggage(Uri.UnescapeDataString(item[..separator]), Uri.UnescapeDataString(item[(separator + 1)..]));
            }
        }
    }

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
