using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.AgentCore;

/// <summary>
/// The one JSON shape of Switchboard: web defaults (camelCase), nulls omitted. Clients and events use
/// <see cref="Options"/>; every service's HTTP responses get the same through <see cref="Apply"/> (ServiceDefaults).
/// </summary>
public static class SwitchboardJson
{
    public static readonly JsonSerializerOptions Options = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Gives options that start from the web defaults (ASP.NET Core's HTTP JSON options) Switchboard's shape.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
