using System.Reflection;

namespace Switchboard.AgentCore.AI.Prompts;

/// <summary>
/// The prompt templates, loaded once at start: the ones embedded from <c>AgentCore/AI/Prompts/Templates/*.md</c>, or
/// those of a directory (<c>AI:Prompts:Directory</c>) so a prompt can be revised without a rebuild. A missing or invalid
/// template stops the service at start naming it, rather than failing the first question.
/// </summary>
public sealed class PromptLibrary
{
    private const string ResourcePrefix = "Switchboard.Prompts.";
    private readonly Dictionary<string, PromptTemplate> _templates;

    private PromptLibrary(IEnumerable<PromptTemplate> templates)
    {
        _templates = new Dictionary<string, PromptTemplate>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            if (!_templates.TryAdd(template.Name, template))
            {
                throw new InvalidOperationException($"Prompt '{template.Name}' is defined twice.");
            }
        }
    }

    public IReadOnlyCollection<PromptTemplate> Templates => _templates.Values;

    /// <summary>The template named <paramref name="name"/>; throws naming it when there is none.</summary>
    public PromptTemplate Get(string name) =>
        _templates.TryGetValue(name, out var template)
            ? template
            : throw new KeyNotFoundException($"Prompt template '{name}' was not found; available: {string.Join(", ", _templates.Keys.Order())}.");

    /// <summary>Throws naming every template in <paramref name="names"/> that is missing.</summary>
    public PromptLibrary Require(params string[] names)
    {
        var missing = names.Where(n => !_templates.ContainsKey(n)).ToList();
        return missing.Count == 0
            ? this
            : throw new InvalidOperationException($"Prompt template(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} not found; available: {string.Join(", ", _templates.Keys.Order())}.");
    }

    /// <summary>The templates built into AgentCore.</summary>
    public static PromptLibrary LoadEmbedded()
    {
        var assembly = typeof(PromptLibrary).Assembly;
        return new PromptLibrary(assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => PromptTemplate.Parse(ReadResource(assembly, n), n[ResourcePrefix.Length..]))
            .ToList());
    }

    /// <summary>Every <c>*.md</c> file of <paramref name="directory"/>.</summary>
    public static PromptLibrary LoadFrom(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Prompt directory '{directory}' does not exist.");
        }

        return new PromptLibrary(Directory.EnumerateFiles(directory, "*.md")
            .Order(StringComparer.Ordinal)
            .Select(path => PromptTemplate.Parse(File.ReadAllText(path), path))
            .ToList());
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
