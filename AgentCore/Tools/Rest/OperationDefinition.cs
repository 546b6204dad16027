using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>One compiled operation: its request shape, parameters, result paths, templates and question patterns.</summary>
public sealed class OperationDefinition
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly string[] KnownMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    private OperationDefinition() { }

    public required string Api { get; init; }

    public required string Name { get; init; }

    public required HttpMethod Method { get; init; }

    public required TextTemplate Path { get; init; }

    public required string Description { get; init; }

    public required IReadOnlyList<ParameterDefinition> Parameters { get; init; }

    /// <summary>Result field → path, in configuration key order.</summary>
    public required IReadOnlyList<KeyValuePair<string, JsonPath>> Result { get; init; }

    public required TextTemplate Citation { get; init; }

    public TextTemplate? Answer { get; init; }

    public required IReadOnlyList<Regex> QuestionPatterns { get; init; }

    /// <summary>The name models see: <c>&lt;api&gt;_&lt;operation&gt;</c>, e.g. <c>fxrates_getRate</c>.</summary>
    public string ToolName() => ToolName(Api, Name);

    internal static string ToolName(string api, string operation) => $"{api}_{operation}";

    /// <summary>GET, HEAD, PUT, DELETE: safe to send again after a 5xx, a timeout or a network error.</summary>
    public bool IsIdempotent => Method == HttpMethod.Get || Method == HttpMethod.Head || Method == HttpMethod.Put || Method == HttpMethod.Delete;

    /// <summary>
    /// Checks and normalises <paramref name="arguments"/> and builds the relative request target (path and query).
    /// Unknown argument names are ignored (models invent extras); missing required ones and pattern mismatches throw.
    /// </summary>
    public (string Target, IReadOnlyDictionary<string, string> Arguments) BuildRequest(IReadOnlyDictionary<string, string?> arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var parameter in Parameters)
        {
            var raw = arguments.FirstOrDefault(a => string.Equals(a.Key, parameter.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (string.IsNullOrWhiteSpace(raw))
            {
                if (parameter.Required)
                {
                    problems.Add($"'{parameter.Name}' is required");
                }

                continue;
            }

            var value = parameter.Normalize(raw);
            if (parameter.Pattern is { } pattern && !pattern.IsMatch(value))
            {
                problems.Add($"'{parameter.Name}' must match {pattern}");
                continue;
            }

            values[parameter.Name] = value;
        }

        if (problems.Count > 0)
        {
            throw new ToolCallException(ToolFailure.InvalidArguments, Api, Name,
                $"Tool {Api}/{Name}: invalid arguments: {string.Join("; ", problems)}.");
        }

        var path = Path.Render(name => values.TryGetValue(name, out var v) ? Uri.EscapeDataString(v) : "");
        var query = new StringBuilder();
        foreach (var parameter in Parameters.Where(p => p.In == ParameterLocations.Query))
        {
            if (values.TryGetValue(parameter.Name, out var v))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(parameter.Name)).Append('=').Append(Uri.EscapeDataString(v));
            }
        }

        return (path.TrimStart('/') + query, values);
    }

    /// <summary>The arguments the first matching question pattern yields, or null when no pattern matches.</summary>
    public Dictionary<string, string?>? MatchQuestion(string question)
    {
        foreach (var pattern in QuestionPatterns)
        {
            Match match;
            try
            {
                match = pattern.Match(question);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (!match.Success)
            {
                continue;
            }

            var arguments = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in Parameters)
            {
                var group = match.Groups[parameter.Name];
                if (group.Success && group.Value.Length > 0)
                {
                    arguments[parameter.Name] = group.Value;
                }
            }

            // A pattern may capture something the parameter rejects ("the" for a currency code): try the next one.
            if (Accepts(arguments))
            {
                return arguments;
            }
        }

        return null;
    }

    /// <summary>True when every required parameter is present and every value matches its pattern after normalisation.</summary>
    public bool Accepts(IReadOnlyDictionary<string, string?> arguments) =>
        Parameters.All(p => arguments.TryGetValue(p.Name, out var raw) && !string.IsNullOrWhiteSpace(raw)
            ? p.Pattern?.IsMatch(p.Normalize(raw)) ?? true
            : !p.Required);

    internal static OperationDefinition? Compile(string api, string name, RestApiOperationOptions op, string key, List<string> errors)
    {
        var before = errors.Count;
        if (!RestApiDefinition.ValidName().IsMatch(name))
        {
            errors.Add($"{key}: the operation name must be 1-32 letters, digits, '_' or '-' (it becomes part of the tool name).");
        }
        else if (ToolName(api, name).Length > 64)
        {
            errors.Add($"{key}: the tool name '{ToolName(api, name)}' is longer than the 64 characters models accept; shorten the API or operation name.");
        }

        var method = (op.Method ?? "").Trim().ToUpperInvariant();
        if (!KnownMethods.Contains(method))
        {
            errors.Add($"{key}:Method '{op.Method}' is not one of {string.Join(", ", KnownMethods)}.");
        }

        if (string.IsNullOrWhiteSpace(op.Description))
        {
            errors.Add($"{key}:Description is required (models choose tools by it).");
        }

        var parameters = new List<ParameterDefinition>();
        foreach (var (pName, p) in op.Parameters)
        {
            if (ParameterDefinition.Compile(pName, p, $"{key}:Parameters:{pName}", errors) is { } compiled)
            {
                parameters.Add(compiled);
            }
        }

        var path = TextTemplate.Parse(op.Path ?? "");
        if (string.IsNullOrWhiteSpace(op.Path) || op.Path.Contains("://", StringComparison.Ordinal) || op.Path.Contains('?'))
        {
            errors.Add($"{key}:Path is required and must be a path relative to BaseUrl without a query (declare query parameters instead).");
        }

        foreach (var placeholder in path.Placeholders)
        {
            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, placeholder, StringComparison.OrdinalIgnoreCase));
            if (parameter is null || parameter.In != ParameterLocations.Path || !parameter.Required)
            {
                errors.Add($"{key}:Path uses {{{placeholder}}}, which must be declared under Parameters with In 'path' and Required true.");
            }
        }

        foreach (var parameter in parameters.Where(p => p.In == ParameterLocations.Path))
        {
            if (!path.Placeholders.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:Parameters:{parameter.Name} is a path parameter, but Path has no {{{parameter.Name}}}.");
            }
        }

        var result = new List<KeyValuePair<string, JsonPath>>();
        if (op.Result.Count == 0)
        {
            errors.Add($"{key}:Result must map at least one field to a JSON path, e.g. \"rate\": \"$.rate\".");
        }

        foreach (var (field, text) in op.Result)
        {
            if (JsonPath.TryParse(text, out var jsonPath, out var error))
            {
                result.Add(new(field, jsonPath));
            }
            else
            {
                errors.Add($"{key}:Result:{field} '{text}' is not a supported JSON path: {error}.");
            }
        }

        var known = parameters.Select(p => p.Name).Concat(op.Result.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var citation = TextTemplate.Parse(op.Citation ?? "");
        if (string.IsNullOrWhiteSpace(op.Citation))
        {
            errors.Add($"{key}:Citation is required: the text that names the source of every answer, e.g. \"FX rates API, {{base}}/{{quote}} at {{asOf}}\".");
        }

        CheckPlaceholders($"{key}:Citation", citation, known, errors);
        TextTemplate? answer = null;
        if (!string.IsNullOrWhiteSpace(op.Answer))
        {
            answer = TextTemplate.Parse(op.Answer);
            CheckPlaceholders($"{key}:Answer", answer, known, errors);
        }

        var patterns = new List<Regex>();
        for (var i = 0; i < op.QuestionPatterns.Count; i++)
        {
            try
            {
                var regex = new Regex(op.QuestionPatterns[i], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
                foreach (var group in regex.GetGroupNames().Where(g => !int.TryParse(g, out _)))
                {
                    if (!parameters.Any(p => string.Equals(p.Name, group, StringComparison.OrdinalIgnoreCase)))
                    {
                        errors.Add($"{key}:QuestionPatterns:{i} has a group (?<{group}>…) that is not a declared parameter.");
                    }
                }

                patterns.Add(regex);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{key}:QuestionPatterns:{i} is not a valid regular expression: {ex.Message}");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new OperationDefinition
        {
            Api = api,
            Name = name,
            Method = new HttpMethod(method),
            Path = path,
            Description = op.Description!,
            Parameters = parameters,
            Result = result,
            Citation = citation,
            Answer = answer,
            QuestionPatterns = patterns,
        };
    }

    private static void CheckPlaceholders(string key, TextTemplate template, HashSet<string> known, List<string> errors)
    {
        foreach (var placeholder in template.Placeholders.Where(p => !known.Contains(p)))
        {
            errors.Add($"{key} uses {{{placeholder}}}, which is neither a parameter nor a result field.");
        }
    }
}

/// <summary>One compiled operation parameter.</summary>
public sealed record ParameterDefinition(string Name, string Description, string In, bool Required, Regex? Pattern, string? Case)
{
    public string Normalize(string value)
    {
        value = value.Trim();
        return Case switch
        {
            "upper" => value.ToUpperInvariant(),
            "lower" => value.ToLowerInvariant(),
            _ => value,
        };
    }

    internal static ParameterDefinition? Compile(string name, RestApiParameterOptions p, string key, List<string> errors)
    {
        var before = errors.Count;
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]{0,63}$"))
        {
            errors.Add($"{key}: a parameter name must start with a letter or '_' and hold only letters, digits and '_'.");
        }

        var location = (p.In ?? "").Trim().ToLowerInvariant();
        if (location is not (ParameterLocations.Path or ParameterLocations.Query))
        {
            errors.Add($"{key}:In '{p.In}' must be 'path' or 'query'.");
        }

        var @case = string.IsNullOrWhiteSpace(p.Case) ? null : p.Case.Trim().ToLowerInvariant();
        if (@case is not (null or "upper" or "lower"))
        {
            errors.Add($"{key}:Case '{p.Case}' must be 'upper' or 'lower' (or unset).");
        }

        Regex? pattern = null;
        if (!string.IsNullOrEmpty(p.Pattern))
        {
            try
            {
                // Anchored: the whole value must match, not a substring of it.
                pattern = new Regex($"^(?:{p.Pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{key}:Pattern is not a valid regular expression: {ex.Message}");
            }
        }

        return errors.Count > before
            ? null
            : new ParameterDefinition(name, p.Description ?? name, location, p.Required, pattern, @case);
    }
}
