using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.AgentCore;

/// <summary>The one JSON shape of Switchboard: web defaults (camelCase), nulls omitted from events.</summary>
public static class SwitchboardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
