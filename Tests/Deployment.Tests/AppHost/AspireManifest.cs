using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.Deployment.Tests.AppHost;

/// <summary>One resource of an Aspire manifest (<c>--publisher manifest</c>): its type, environment and bindings.</summary>
public sealed record AspireResource(
    string Name,
    string Type,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, AspireBinding> Bindings,
    string? Image,
    bool IsSecretParameter)
{
    public bool IsProject => Type.StartsWith("project.", StringComparison.Ordinal);

    public bool IsParameter => Type.StartsWith("parameter.", StringComparison.Ordinal);
}

public sealed record AspireBinding(string Name, string? Scheme, string? Transport, int? TargetPort);

/// <summary>
/// Reads the aspire-manifest JSON the AppHost writes with <c>dotnet run --project AppHost -- --publisher manifest
/// --output-path dir</c>: <c>{"resources": {name: {"type": "project.v0" | "container.v0" | "executable.v0" |
/// "parameter.v0" | ..., "env": {...}, "bindings": {name: {scheme, protocol, transport, targetPort?}}}}}</c>, where env
/// values hold references such as <c>{router.bindings.http.url}</c> or <c>{redis.connectionString}</c>.
/// </summary>
public sealed partial class AspireManifest
{
    private AspireManifest(IReadOnlyDictionary<string, AspireResource> resources) => Resources = resources;

    public IReadOnlyDictionary<string, AspireResource> Resources { get; }

    public IEnumerable<AspireResource> Projects => Resources.Values.Where(r => r.IsProject);

    public static AspireManifest Parse(string json)
    {
        var root = JsonNode.Parse(json)?["resources"] as JsonObject
            ?? throw new FormatException("not an Aspire manifest: no \"resources\" object");
        var resources = new Dictionary<string, AspireResource>(StringComparer.Ordinal);
        foreach (var (name, node) in root)
        {
            if (node is not JsonObject resource)
            {
                continue;
            }

            var env = (resource["env"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") ?? [];
            var bindings = (resource["bindings"] as JsonObject)?.ToDictionary(
                b => b.Key,
                b => new AspireBinding(b.Key, b.Value?["scheme"]?.ToString(), b.Value?["transport"]?.ToString(),
                    b.Value?["targetPort"] is JsonValue port && port.TryGetValue<int>(out var p) ? p : null)) ?? [];
            var secret = resource["inputs"]?["value"]?["secret"] is JsonValue s && s.TryGetValue<bool>(out var isSecret) && isSecret;
            resources[name] = new AspireResource(name, resource["type"]?.ToString() ?? "", env, bindings, resource["image"]?.ToString(), secret);
        }

        return new AspireManifest(resources);
    }

    /// <summary>The resources an environment value refers to: <c>{redis.connectionString}</c> → redis.</summary>
    public static IEnumerable<string> ReferencedResources(string value) =>
        Reference().Matches(value).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\{([A-Za-z0-9_-]+)\.")]
    private static partial Regex Reference();
}
