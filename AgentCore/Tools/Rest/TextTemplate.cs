using System.Text.RegularExpressions;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// A text with <c>{name}</c> placeholders, used for operation paths, citations and answer sentences. Placeholders are
/// known up front, so configuration can be checked at start-up against the declared parameters and result fields.
/// </summary>
public sealed partial class TextTemplate
{
    private TextTemplate(string text, IReadOnlyList<string> placeholders)
    {
        Text = text;
        Placeholders = placeholders;
    }

    public string Text { get; }

    public IReadOnlyList<string> Placeholders { get; }

    public static TextTemplate Parse(string text) =>
        new(text, Placeholder().Matches(text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList());

    /// <summary>Replaces each placeholder with <paramref name="value"/>'s answer; an unknown one becomes empty text.</summary>
    public string Render(Func<string, string?> value) =>
        Placeholder().Replace(Text, m => value(m.Groups["name"].Value) ?? "");

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
