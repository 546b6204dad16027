using Switchboard.AgentCore.Contracts;

namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// Reads the labelled examples file: one <c>label&lt;TAB&gt;text</c> per line; blank lines and lines starting
/// with <c>#</c> are ignored. Every label must be one of <see cref="Intents.All"/>, and every intent needs at least
/// one example, otherwise the classifier could never predict it.
/// </summary>
public static class IntentExamplesFile
{
    public static async Task<IReadOnlyList<IntentExample>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The intent examples file '{path}' does not exist (setting Router:ExamplesPath).", path);
        }

        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        return Parse(lines, path);
    }

    public static IReadOnlyList<IntentExample> Parse(IEnumerable<string> lines, string source)
    {
        var examples = new List<IntentExample>();
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t');
            if (tab <= 0 || string.IsNullOrWhiteSpace(line[(tab + 1)..]))
            {
                throw new FormatException($"{source}:{lineNumber}: expected '<label><TAB><text>'.");
            }

            var label = line[..tab].Trim();
            if (!Intents.All.Contains(label))
            {
                throw new FormatException($"{source}:{lineNumber}: unknown label '{label}'; expected one of {string.Join(", ", Intents.All)}.");
            }

            examples.Add(new IntentExample { Label = label, Text = line[(tab + 1)..].Trim() });
        }

        var missing = Intents.All.Where(intent => !examples.Any(e => e.Label == intent)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"{source}: no examples for {string.Join(", ", missing)}.");
        }

        return examples;
    }
}
