using System.Text;
using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.AI.Prompts;

/// <summary>
/// One versioned prompt: a template file's front matter (<c>name</c>, <c>version</c>, <c>description</c>) and its body,
/// whose <c>{{placeholder}}</c>s are filled by <see cref="Render"/>.
/// </summary>
public sealed partial class PromptTemplate
{
    private PromptTemplate(string name, string version, string description, string body)
    {
        Name = name;
        Version = version;
        Description = description;
        Body = body;
        Placeholders = Placeholder().Matches(body).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
    }

    public string Name { get; }

    public string Version { get; }

    public string Description { get; }

    public string Body { get; }

    /// <summary>The placeholder names the body uses, in order of first use.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>What travels with an answer and into telemetry.</summary>
    public PromptReference Reference => new(Name, Version);

    /// <summary>
    /// The body with every placeholder replaced. A placeholder without a value, or a value for a placeholder the body
    /// does not have, throws: a prompt that silently lost its sources or its question would still "work", badly.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var missing = Placeholders.Where(p => !values.ContainsKey(p)).ToList();
        var unknown = values.Keys.Where(k => !Placeholders.Contains(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Prompt '{Name}' v{Version}: " + string.Join("; ", new[]
                {
                    missing.Count > 0 ? "no value for " + string.Join(", ", missing.Select(p => "{{" + p + "}}")) : null,
                    unknown.Count > 0 ? "no placeholder for " + string.Join(", ", unknown) : null,
                }.OfType<string>()) + ".",
                nameof(values));
        }

        // One pass, so a value that happens to contain "{{x}}" (a document's text) is never expanded itself.
        return Placeholder().Replace(Body, m => values[m.Groups[1].Value]);
    }

    /// <summary>Parses a template file; <paramref name="origin"/> names it in errors.</summary>
    public static PromptTemplate Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new InvalidPromptTemplateException(origin, "it does not start with a '---' front matter block");
        }

        var end = normalized.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidPromptTemplateException(origin, "its front matter is not closed by a '---' line");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in normalized[4..end].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidPromptTemplateException(origin, $"front matter line '{line}' is not 'key: value'");
            }

            fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var missing = new[] { "name", "version", "description" }.Where(k => string.IsNullOrWhiteSpace(fields.GetValueOrDefault(k))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidPromptTemplateException(origin, "its front matter lacks " + string.Join(", ", missing));
        }

        var body = normalized[(end + 5)..].Trim();
        if (body.Length == 0)
        {
            throw new InvalidPromptTemplateException(origin, "its body is empty");
        }

        return new PromptTemplate(fields["name"], fields["version"], fields["description"], body);
    }

    [GeneratedRegex(@"\{\{\s*([a-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>A template file that cannot be used; the message names the file and what is wrong.</summary>
public sealed class InvalidPromptTemplateException(string origin, string problem)
    : InvalidOperationException($"Prompt template '{origin}' is invalid: {problem}.");
