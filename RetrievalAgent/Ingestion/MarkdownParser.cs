using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Markdown to plain text by hand (no Markdig in the package source): drops front matter, template tags, HTML,
/// link targets and markup characters, and keeps headings and list items on lines of their own so that sentences
/// and chunk boundaries follow the document's structure.
/// </summary>
internal sealed partial class MarkdownParser : DocumentParser
{
    public override string Format => DocumentFormats.Markdown;

    public override IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings)
    {
        var text = ToPlainText(TextDecoding.Decode(content, "Markdown"));
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DocumentParseException("The Markdown file contains no text once markup is removed.");
        }

        return [new TextSection(text)];
    }

    internal static string ToPlainText(string markdown)
    {
        var text = FrontMatter().Replace(markdown, string.Empty, 1);
        text = HtmlComment().Replace(text, string.Empty);
        text = TemplateTag().Replace(text, string.Empty);
        text = Image().Replace(text, "$1");
        text = Link().Replace(text, "$1");
        text = ReferenceDefinition().Replace(text, string.Empty);
        text = AutoLink().Replace(text, "$1");
        text = HtmlTag().Replace(text, string.Empty);

        var output = new StringBuilder();
        var inFence = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (CodeFence().IsMatch(line))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                output.Append(line).Append('\n');
                continue;
            }

            if (TableDivider().IsMatch(line) || HorizontalRule().IsMatch(line))
            {
                continue;
            }

            var heading = Heading().Match(line);
            if (heading.Success)
            {
                // A heading is a paragraph of its own: blank lines around it end the sentence before and after.
                output.Append('\n').Append(StripInline(heading.Groups[1].Value)).Append("\n\n");
                continue;
            }

            line = BlockQuote().Replace(line, string.Empty);
            line = ListMarker().Replace(line, "$1- ");
            if (line.Contains('|'))
            {
                line = string.Join(" | ", line.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            output.Append(StripInline(line)).Append('\n');
        }

        return MultipleBlankLines().Replace(output.ToString(), "\n\n").Trim();
    }

    /// <summary>Emphasis, strikethrough and code marks; underscores inside words (snake_case) are kept.</summary>
    private static string StripInline(string line) =>
        Emphasis().Replace(line.Replace("`", string.Empty, StringComparison.Ordinal), string.Empty);

    [GeneratedRegex(@"\A\uFEFF?(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\z)", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    // Liquid/Jekyll/Hugo tags such as {% alert %} and {{ site.name }}.
    [GeneratedRegex(@"\{%.*?%\}|\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex TemplateTag();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"<((?:https?|mailto):[^>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^[ \t]*(```|~~~)")]
    private static partial Regex CodeFence();

    [GeneratedRegex(@"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")]
    private static partial Regex TableDivider();

    [GeneratedRegex(@"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[ \t]*(?:>[ \t]?)+")]
    private static partial Regex BlockQuote();

    [GeneratedRegex(@"^([ \t]*)[*+][ \t]+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\*{1,3}|~~|(?<![\p{L}\p{N}])_{1,3}|_{1,3}(?![\p{L}\p{N}])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\n[ \t]*\n(?:[ \t]*\n)+")]
    private static partial Regex MultipleBlankLines();
}
