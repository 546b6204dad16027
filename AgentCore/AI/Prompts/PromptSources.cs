using System.Text;

namespace Switchboard.AgentCore.AI.Prompts;

/// <summary>One source offered to a model: its number, where it comes from ("report.pdf, page 2") and its text.</summary>
public sealed record PromptSource(int Number, string Label, string Text);

/// <summary>Formats sources for the <c>{{sources}}</c> and <c>{{contexts}}</c> placeholders: "[1] &lt;label&gt;: &lt;text&gt;".</summary>
public static class PromptSources
{
    public static string Format(IEnumerable<PromptSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var text = new StringBuilder();
        foreach (var source in sources)
        {
            // One line per source: the model sees where each numbered source starts, and a source's own line breaks
            // cannot fake the start of another one ("\n[2] ...").
            var body = string.Join(' ', source.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            text.Append('[').Append(source.Number).Append("] ").Append(source.Label).Append(": ").Append(body).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }
}
