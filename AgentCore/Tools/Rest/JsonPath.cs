using System.Globalization;
using System.Text.Json;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// The small JSONPath subset the REST connector needs to pick values out of a response: the root <c>$</c>, member
/// access <c>.name</c> or <c>['name']</c>, and array indexes <c>[0]</c> (negative counts from the end:
/// <c>[-1]</c> is the last element). No wildcards, filters or recursive descent: a tool result field is one value.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<Segment> _segments;

    private JsonPath(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public static JsonPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException($"'{text}' is not a supported JSON path: {error}");

    public static bool TryParse(string? text, out JsonPath path, out string error)
    {
        path = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(text) || text[0] != '$')
        {
            error = "it must start with '$'";
            return false;
        }

        var segments = new List<Segment>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not ('.' or '['))
                {
                    i++;
                }

                if (i == start)
                {
                    error = $"empty member name at position {start}";
                    return false;
                }

                segments.Add(Segment.Member(text[start..i]));
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    error = $"'[' at position {i} is not closed";
                    return false;
                }

                var inner = text[(i + 1)..close].Trim();
                if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    segments.Add(Segment.Member(inner[1..^1]));
                }
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(Segment.Index(index));
                }
                else
                {
                    error = $"'[{inner}]' is neither an array index nor a quoted member name (wildcards and filters are not supported)";
                    return false;
                }

                i = close + 1;
            }
            else
            {
                error = $"unexpected '{text[i]}' at position {i}";
                return false;
            }
        }

        path = new JsonPath(text, segments);
        return true;
    }

    /// <summary>Follows the path from <paramref name="root"/>; false when a member or index does not exist.</summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (segment.Name is { } name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    return false;
                }
            }
            else
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                var length = value.GetArrayLength();
                var index = segment.Position < 0 ? length + segment.Position : segment.Position;
                if (index < 0 || index >= length)
                {
                    return false;
                }

                value = value[index];
            }
        }

        return true;
    }

    /// <summary>A value as text for sentences and citations: strings unquoted, numbers exactly as the API wrote them.</summary>
    public static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => value.GetRawText(), // objects and arrays as JSON
    };

    public override string ToString() => Text;

    private readonly record struct Segment(string? Name, int Position)
    {
        public static Segment Member(string name) => new(name, 0);

        public static Segment Index(int index) => new(null, index);
    }
}
