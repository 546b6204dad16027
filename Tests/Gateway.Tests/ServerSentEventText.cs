namespace Switchboard.Gateway.Tests;

/// <summary>One server-sent event as a client reads it: the event type (null when the line is absent) and its data.</summary>
public sealed record SseEvent(string? Event, string Data);

/// <summary>Splits an event-stream body into its events, as the WHATWG parser does for the fields the Gateway writes.</summary>
public static class ServerSentEventText
{
    public static IReadOnlyList<SseEvent> Parse(string body)
    {
        var events = new List<SseEvent>();
        foreach (var block in body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? type = null;
            var data = new List<string>();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].StartsWith(' ') ? line[6..] : line[5..]);
                }
            }

            if (data.Count > 0)
            {
                events.Add(new SseEvent(type, string.Join('\n', data)));
            }
        }

        return events;
    }
}
