using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// Turns an OpenAPI 3 document (JSON or YAML) into the operations of a REST tool source: every operation with an
/// <c>operationId</c> becomes one tool with its path and query parameters (required, description, the schema's
/// <c>pattern</c>). What OpenAPI cannot say is read from <c>x-switchboard-*</c> extensions on the operation:
/// <c>x-switchboard-result</c> (field → JSON path; default: the scalar top-level properties of the 200 JSON response),
/// <c>x-switchboard-citation</c> (default: "&lt;title&gt;, GET /the/{path}"), <c>x-switchboard-answer</c>,
/// <c>x-switchboard-question-patterns</c>, and <c>x-switchboard-case</c> on a parameter. The document's first server
/// is the default base URL, its title the default display name, and an <c>apiKey</c>-in-header or <c>http</c> bearer
/// security scheme the default auth header (the secret always comes from configuration).
/// </summary>
/// <remarks>
/// Microsoft.OpenApi 2.x, not 3.x: ASP.NET Core 10's own OpenAPI generator (ServiceDefaults' <c>/openapi/v1.json</c>) is
/// built against 2.x and fails at run time with 3.x in the same process (dotnet/aspnetcore#64317).
/// </remarks>
public sealed class OpenApiToolDocument
{
    public const string ResultExtension = "x-switchboard-result";
    public const string CitationExtension = "x-switchboard-citation";
    public const string AnswerExtension = "x-switchboard-answer";
    public const string QuestionPatternsExtension = "x-switchboard-question-patterns";
    public const string CaseExtension = "x-switchboard-case";

    private OpenApiToolDocument()
    {
    }

    public string? Title { get; private init; }

    public string? ServerUrl { get; private init; }

    /// <summary>The header an API key or bearer token goes in, and its scheme (<c>Bearer</c> for http bearer).</summary>
    public (string Header, string? Scheme)? Auth { get; private init; }

    public required IReadOnlyDictionary<string, RestApiOperationOptions> Operations { get; init; }

    /// <summary>Reads the document; every problem (unreadable, not OpenAPI 3, an operation without an id) goes to <paramref name="errors"/>.</summary>
    public static OpenApiToolDocument? Load(string path, string key, List<string> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{key}: the OpenAPI document '{path}' cannot be read: {ex.Message}");
            return null;
        }

        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var format = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? OpenApiConstants.Json : OpenApiConstants.Yaml;
        var read = OpenApiDocument.Parse(text, format, settings);
        if (read.Document is not { } document || read.Diagnostic?.Errors.Count > 0)
        {
            var why = read.Diagnostic?.Errors.Select(e => $"{e.Pointer} {e.Message}".Trim()) ?? ["no document"];
            errors.Add($"{key}: '{path}' is not a valid OpenAPI document: {string.Join("; ", why.Take(5))}");
            return null;
        }

        if (read.Diagnostic?.SpecificationVersion is not (OpenApiSpecVersion.OpenApi3_0 or OpenApiSpecVersion.OpenApi3_1))
        {
            errors.Add($"{key}: '{path}' is not an OpenAPI 3 document (Swagger 2.0 is not supported).");
            return null;
        }

        var operations = new Dictionary<string, RestApiOperationOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var (route, item) in document.Paths ?? Enumerable.Empty<KeyValuePair<string, IOpenApiPathItem>>())
        {
            foreach (var (method, operation) in item.Operations ?? Enumerable.Empty<KeyValuePair<HttpMethod, OpenApiOperation>>())
            {
                if (string.IsNullOrWhiteSpace(operation.OperationId))
                {
                    errors.Add($"{key}: {method.Method} {route} has no operationId (the tool's name); give it one.");
                    continue;
                }

                operations[operation.OperationId] = Operation(document, route, method, operation, item);
            }
        }

        return new OpenApiToolDocument
        {
            Title = document.Info?.Title,
            ServerUrl = document.Servers?.FirstOrDefault()?.Url,
            Auth = AuthOf(document),
            Operations = operations,
        };
    }

    private static RestApiOperationOptions Operation(OpenApiDocument document, string route, HttpMethod method, OpenApiOperation operation, IOpenApiPathItem item)
    {
        var options = new RestApiOperationOptions
        {
            Method = method.Method,
            Path = route,
            Description = FirstText(operation.Description, operation.Summary),
        };

        // Path-level parameters apply to every operation; the operation's own win by name and location.
        foreach (var parameter in (item.Parameters ?? Enumerable.Empty<IOpenApiParameter>()).Concat(operation.Parameters ?? Enumerable.Empty<IOpenApiParameter>()))
        {
            if (parameter.Name is not { Length: > 0 } name || parameter.In is not (ParameterLocation.Path or ParameterLocation.Query))
            {
                continue;
            }

            options.Parameters[name] = new RestApiParameterOptions
            {
                Description = parameter.Description,
                In = parameter.In == ParameterLocation.Path ? ParameterLocations.Path : ParameterLocations.Query,
                Required = parameter.Required || parameter.In == ParameterLocation.Path,
                Pattern = parameter.Schema?.Pattern,
                Case = StringOf(parameter.Extensions, CaseExtension),
            };
        }

        if (Extension(operation.Extensions, ResultExtension) is JsonObject result)
        {
            foreach (var (field, value) in result)
            {
                options.Result[field] = value?.GetValue<string>() ?? "";
            }
        }
        else
        {
            foreach (var property in ScalarProperties(operation))
            {
                options.Result[property] = $"$.{property}";
            }
        }

        options.Citation = StringOf(operation.Extensions, CitationExtension)
            ?? $"{document.Info?.Title ?? "API"}, {method.Method} {route}";
        options.Answer = StringOf(operation.Extensions, AnswerExtension);
        if (Extension(operation.Extensions, QuestionPatternsExtension) is JsonArray patterns)
        {
            options.QuestionPatterns.AddRange(patterns.Select(p => p?.GetValue<string>()).OfType<string>());
        }

        return options;
    }

    /// <summary>The top-level properties of the 200 (or first 2xx) JSON response that are not objects or arrays.</summary>
    private static IEnumerable<string> ScalarProperties(OpenApiOperation operation)
    {
        var response = operation.Responses?.Where(r => r.Key.StartsWith('2')).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value).FirstOrDefault();
        var schema = response?.Content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Value?.Schema;
        return (schema?.Properties ?? new Dictionary<string, IOpenApiSchema>())
            .Where(p => p.Value.Type is not { } type || (type & (JsonSchemaType.Object | JsonSchemaType.Array)) == 0)
            .Select(p => p.Key);
    }

    private static (string Header, string? Scheme)? AuthOf(OpenApiDocument document)
    {
        foreach (var scheme in document.Components?.SecuritySchemes?.Values ?? Enumerable.Empty<IOpenApiSecurityScheme>())
        {
            if (scheme.Type == SecuritySchemeType.ApiKey && scheme.In == ParameterLocation.Header && scheme.Name is { Length: > 0 } header)
            {
                return (header, null);
            }

            if (scheme.Type == SecuritySchemeType.Http && string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase))
            {
                return ("Authorization", "Bearer");
            }
        }

        return null;
    }

    private static JsonNode? Extension(IEnumerable<KeyValuePair<string, IOpenApiExtension>>? extensions, string name) =>
        extensions?.FirstOrDefault(e => e.Key == name).Value is JsonNodeExtension node ? node.Node : null;

    private static string? StringOf(IEnumerable<KeyValuePair<string, IOpenApiExtension>>? extensions, string name) =>
        Extension(extensions, name) is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static string? FirstText(params string?[] texts) => texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();
}
