using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Generation;

namespace Switchboard.Qdrant.Tests;

/// <summary>
/// The Qdrant 1.19 OpenAPI contract (<c>../shared/contracts/qdrant-openapi.json</c>) as JSON schemas: a request's
/// schema is found from the spec's own paths (method + path template → <c>requestBody</c> <c>$ref</c>), a response's
/// from its 200 response. OpenAPI 3.0's <c>nullable</c> is rewritten to JSON Schema (<c>type: [.., "null"]</c>), since a
/// bare <c>{"nullable": true}</c> branch of an <c>anyOf</c> would otherwise accept anything and hide errors.
/// </summary>
public static class QdrantSpec
{
    private static readonly Lazy<JsonObject> Spec = new(Load);
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ContractsFolder { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "contracts"));

    public static string SpecPath => Path.Combine(ContractsFolder, "qdrant-openapi.json");

    /// <summary>The <c>components/schemas</c> name of the request body of <paramref name="method"/> <paramref name="path"/>.</summary>
    public static string? RequestSchema(string method, string path) =>
        Operation(method, path)?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"] is JsonValue reference
            ? ((string)reference!).Split('/')[^1] : null;

    /// <summary>The 200 response body schema, inlined into a schema that references <c>components/schemas</c>.</summary>
    public static JsonNode? ResponseSchema(string method, string path) =>
        Operation(method, path)?["responses"]?["200"]?["content"]?["application/json"]?["schema"];

    public static IReadOnlyList<string> Validate(string schemaName, JsonNode? body) =>
        Validate(new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName }, body, schemaName);

    public static IReadOnlyList<string> Validate(JsonNode schema, JsonNode? body, string cacheKey) =>
        Compile(schema, cacheKey).Validate(body?.ToJsonString() ?? "null").Select(e => $"{e.Path}: {e.Kind} ({e})").ToList();

    /// <summary>
    /// An example of the 200 response of <paramref name="method"/> <paramref name="path"/>, generated from the spec's own
    /// response schema (NJsonSchema's sample generator): what a real Qdrant's reply looks like, not what our fake writes.
    /// </summary>
    public static JsonNode ResponseExample(string method, string path)
    {
        var schema = ResponseSchema(method, path) ?? throw new InvalidOperationException($"The spec has no 200 response for {method} {path}.");
        var sample = new SampleJsonDataGenerator(new SampleJsonDataGeneratorSettings { GenerateOptionalProperties = true })
            .Generate(Compile(schema, $"response {method} {path}"));
        return JsonNode.Parse(sample.ToString())!;
    }

    private static JsonSchema Compile(JsonNode schema, string cacheKey) =>
        Schemas.GetOrAdd(cacheKey, _ =>
        {
            var root = new JsonObject
            {
                ["definitions"] = Spec.Value["components"]!["schemas"]!.DeepClone(),
                ["allOf"] = new JsonArray(Convert(schema.DeepClone())),
            };
            return JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
        });

    private static JsonObject? Operation(string method, string path)
    {
        foreach (var (template, operations) in Spec.Value["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern) && operations?[method.ToLowerInvariant()] is JsonObject operation)
            {
                return operation;
            }
        }

        return null;
    }

    private static JsonObject Load()
    {
        var spec = JsonNode.Parse(File.ReadAllText(SpecPath))!.AsObject();
        spec["components"]!["schemas"] = Convert(spec["components"]!["schemas"]!.DeepClone());
        return spec;
    }

    /// <summary>OpenAPI 3.0 → JSON Schema draft 4 for what this spec uses: <c>$ref</c> targets and <c>nullable</c>.</summary>
    private static JsonNode Convert(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        var converted = Convert(item);
                        if (!ReferenceEquals(converted, item))
                        {
                            array[i] = converted;
                        }
                    }
                }

                return array;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child)
                    {
                        var converted = Convert(child);
                        if (!ReferenceEquals(converted, child))
                        {
                            obj[key] = converted;
                        }
                    }
                }

                if (obj["$ref"] is JsonValue reference)
                {
                    obj["$ref"] = ((string)reference!).Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
                }

                if ((bool?)(obj["nullable"] as JsonValue) != true)
                {
                    return obj;
                }

                obj.Remove("nullable");
                if (obj["type"] is JsonValue type)
                {
                    obj["type"] = new JsonArray((string)type!, "null");
                    return obj;
                }

                // {"nullable": true} alone (a branch of anyOf) means "null"; with other keywords, "that or null".
                var rest = obj.Where(p => p.Key is not ("description" or "default" or "example")).ToList();
                return rest.Count == 0
                    ? new JsonObject { ["type"] = "null" }
                    : new JsonObject { ["anyOf"] = new JsonArray(obj.DeepClone(), new JsonObject { ["type"] = "null" }) };
            default:
                return node;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}

/// <summary>A fact that is skipped, with the reason printed, when <c>../shared/contracts</c> is absent.</summary>
public sealed class ContractFactAttribute : FactAttribute
{
    public ContractFactAttribute()
    {
        if (!File.Exists(QdrantSpec.SpecPath))
        {
            Skip = $"{QdrantSpec.SpecPath} is absent: the Qdrant contract tests need ../shared/contracts";
        }
    }
}
