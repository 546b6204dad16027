using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// One REST operation as an <see cref="AIFunction"/>: the JSON schema comes from the operation's parameters
/// (descriptions, patterns, required), invocation goes through <see cref="IRestApiConnector"/>. Failures are returned
/// to the model as <c>{error, failure}</c> rather than thrown, so it can say "no rate for that date" instead of the
/// function-invocation loop swallowing the reason.
/// </summary>
public sealed class RestApiFunction : AIFunction
{
    private readonly IRestApiConnector _connector;
    private readonly OperationDefinition _operation;
    private readonly JsonElement _schema;
    private readonly string _description;

    public RestApiFunction(IRestApiConnector connector, RestApiDefinition api, OperationDefinition operation)
    {
        _connector = connector;
        _operation = operation;
        _description = $"{operation.Description} (source: {api.DisplayName} API)";
        _schema = BuildSchema(operation);
    }

    public override string Name => _operation.ToolName();

    public override string Description => _description;

    public override JsonElement JsonSchema => _schema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var values = arguments.ToDictionary(a => a.Key, a => AsText(a.Value), StringComparer.OrdinalIgnoreCase);
        try
        {
            var result = await _connector.CallAsync(_operation.Api, _operation.Name, values, cancellationToken);
            return JsonSerializer.SerializeToElement(result, SwitchboardJson.Options);
        }
        catch (ToolCallException ex)
        {
            var error = new JsonObject { ["error"] = ex.Message, ["failure"] = ex.Failure.ToString() };
            if (ex.RetryAfter is { } wait)
            {
                error["retryAfterSeconds"] = wait.TotalSeconds;
            }

            return JsonSerializer.SerializeToElement(error);
        }
    }

    private static string? AsText(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static JsonElement BuildSchema(OperationDefinition operation)
    {
        var properties = new JsonObject();
        foreach (var parameter in operation.Parameters)
        {
            var property = new JsonObject { ["type"] = "string", ["description"] = parameter.Description };
            if (parameter.Pattern is { } pattern)
            {
                property["pattern"] = pattern.ToString();
            }

            properties[parameter.Name] = property;
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. operation.Parameters.Where(p => p.Required).Select(p => JsonValue.Create(p.Name))]),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
