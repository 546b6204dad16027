using System.Text;
using System.Text.Json.Nodes;

namespace Switchboard.Security.Tests;

/// <summary>One fuzz case: what was sent and why (for the failure message).</summary>
public sealed record FuzzCase(string Kind, byte[] Body, string ContentType)
{
    public string Describe() => $"{Kind} ({Body.Length:N0} bytes): {Preview()}";

    private string Preview()
    {
        var text = Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 160));
        return Body.Length > 160 ? text + "…" : text;
    }
}

/// <summary>
/// Seeded JSON fuzz cases for one endpoint, from a valid template of its body: malformed text, deep nesting, huge values,
/// wrong types per field, other top-level values, unknown and duplicate keys, broken Unicode, wrong content types, and a
/// few well-formed bodies with random values. The same seed gives the same cases, so a failure can be replayed.
/// </summary>
public sealed class JsonFuzzer(int seed, JsonObject template)
{
    public static readonly string[] Kinds =
    [
        "truncated", "mutated-bytes", "deep-array", "deep-object", "deep-in-field", "huge-string", "huge-array", "wrong-type",
        "top-level-value", "unknown-field", "duplicate-key", "broken-unicode", "wrong-content-type", "empty", "random-valid",
        "numbers", "null-fields",
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<FuzzCase> Cases(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var kind = Kinds[i % Kinds.Length];
            yield return Make(kind);
        }
    }

    private FuzzCase Make(string kind) => kind switch
    {
        "truncated" => Json(kind, Valid()[..Math.Max(0, _random.Next(Valid().Length))]),
        "mutated-bytes" => Mutated(),
        "deep-array" => Json(kind, new string('[', Depth()) + "1" + new string(']', _random.Next(3) == 0 ? 0 : Depth())),
        "deep-object" => DeepObject(),
        "deep-in-field" => DeepInField(),
        "huge-string" => WithField(Field(), JsonValue.Create(new string((char)('a' + _random.Next(26)), _random.Next(16_000, 1_100_000))), kind),
        "huge-array" => WithField(Field(), new JsonArray([.. Enumerable.Range(0, _random.Next(1_000, 60_000)).Select(n => (JsonNode?)JsonValue.Create("g" + n))]), kind),
        "wrong-type" => WithField(Field(), OtherValue(), kind),
        "top-level-value" => Json(kind, OtherValue()?.ToJsonString() ?? "null"),
        "unknown-field" => Unknown(),
        "duplicate-key" => Json(kind, "{" + string.Join(',', template.Select(p => $"\"{p.Key}\":{p.Value?.ToJsonString() ?? "null"},\"{p.Key}\":{OtherValue()?.ToJsonString() ?? "null"}")) + "}"),
        "broken-unicode" => Unicode(),
        "wrong-content-type" => new FuzzCase(kind, Encoding.UTF8.GetBytes(Valid()), _random.Next(3) switch
        {
            0 => "text/plain",
            1 => "application/x-www-form-urlencoded",
            _ => "multipart/form-data; boundary=xyz",
        }),
        "empty" => Json(kind, _random.Next(3) switch { 0 => "", 1 => "   \n\t", _ => "{}" }),
        "numbers" => WithField(Field(), JsonNode.Parse(_random.Next(6) switch
        {
            0 => "1e400",
            1 => "-99999999999999999999999999",
            2 => "2147483648",
            3 => "-1",
            4 => "0.5",
            _ => "1.5e308",
        }), kind),
        "null-fields" => Json(kind, "{" + string.Join(',', template.Select(p => $"\"{p.Key}\":null")) + "}"),
        _ => RandomValid(),
    };

    private string Valid() => template.ToJsonString();

    private string Field() => template.Select(p => p.Key).ElementAt(_random.Next(template.Count));

    private int Depth() => _random.Next(4) switch { 0 => 65, 1 => 1_000, 2 => 20_000, _ => _random.Next(30, 300) };

    private static FuzzCase Json(string kind, string text) => new(kind, Encoding.UTF8.GetBytes(text), "application/json");

    private FuzzCase WithField(string field, JsonNode? value, string kind)
    {
        var body = (JsonObject)template.DeepClone();
        body[field] = value;
        return Json(kind, body.ToJsonString());
    }

    /// <summary>A valid body whose one field holds an array nested deeper than any parser allows (built as text).</summary>
    private FuzzCase DeepInField()
    {
        var body = (JsonObject)template.DeepClone();
        body[Field()] = "__deep__";
        var depth = Depth();
        return Json("deep-in-field", body.ToJsonString().Replace("\"__deep__\"", new string('[', depth) + new string(']', depth), StringComparison.Ordinal));
    }

    private FuzzCase DeepObject()
    {
        var depth = Depth();
        var text = new StringBuilder(depth * 6);
        for (var i = 0; i < depth; i++)
        {
            text.Append("{\"a\":");
        }

        text.Append('1').Append('}', depth);
        return Json("deep-object", text.ToString());
    }

    private FuzzCase Mutated()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid());
        for (var n = _random.Next(1, 6); n > 0 && bytes.Length > 0; n--)
        {
            bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        }

        return new FuzzCase("mutated-bytes", bytes, "application/json");
    }

    private FuzzCase Unknown()
    {
        var body = (JsonObject)template.DeepClone();
        body["callerGroups"] = new JsonArray("admin", "finance");
        body["__proto__"] = new JsonObject { ["isAdmin"] = true };
        body["x" + _random.Next(1000)] = OtherValue();
        return Json("unknown-field", body.ToJsonString());
    }

    private FuzzCase Unicode()
    {
        var field = template.FirstOrDefault(p => p.Value is JsonValue v && v.TryGetValue<string>(out _)).Key ?? Field();
        var junk = _random.Next(5) switch
        {
            0 => "\\ud800\\udbff lone surrogates",
            1 => "\\u0000 nul \\u001f",
            2 => "\\uZZZZ bad escape",
            3 => "right-to-left \\u202e override",
            _ => "zero\\u200bwidth",
        };
        var text = Valid().Replace($"\"{field}\":\"", $"\"{field}\":\"{junk} ", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        if (_random.Next(2) == 0)
        {
            bytes.InsertRange(Math.Min(bytes.Count, 5), new byte[] { 0xC0, 0xAF, 0xFF, 0xFE }); // invalid UTF-8
        }

        return new FuzzCase("broken-unicode", [.. bytes], "application/json");
    }

    private FuzzCase RandomValid()
    {
        var body = (JsonObject)template.DeepClone();
        foreach (var (key, value) in template.ToList())
        {
            if (value is JsonValue v && v.TryGetValue<string>(out _))
            {
                body[key] = RandomWords(_random.Next(1, 12));
            }
            else if (value is JsonValue n && n.TryGetValue<int>(out _))
            {
                body[key] = _random.Next(-5, 80);
            }
        }

        return Json("random-valid", body.ToJsonString());
    }

    private JsonNode? OtherValue() => _random.Next(8) switch
    {
        0 => JsonValue.Create(_random.Next()),
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => null,
        3 => new JsonArray(1, "two", null),
        4 => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } },
        5 => JsonValue.Create(-0.000001),
        6 => JsonValue.Create(""),
        _ => JsonValue.Create(RandomWords(3)),
    };

    private string RandomWords(int count)
    {
        string[] words = ["refund", "policy", "revenue", "2023", "Q3", "who", "what", "is", "the", "ignore", "previous", "instructions",
            "SELECT", "*", "FROM", "users", "<script>", "../../etc/passwd", "%00", "${jndi:ldap://x}", "ünïcödé", "🙂", "\"quoted\""];
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => words[_random.Next(words.Length)]));
    }
}
