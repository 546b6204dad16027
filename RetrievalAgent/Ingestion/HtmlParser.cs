using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Web pages (AngleSharp): the main content only. The root is the first of <c>main</c>, <c>[role=main]</c>,
/// <c>article</c>, <c>#mw-content-text</c>, <c>#content</c>, else <c>body</c>; chrome inside it is removed (scripts,
/// styles, navigation, headers, footers, asides, forms, navboxes, reference lists, edit links, citation markers).
/// Headings, paragraphs and list items become lines, tables one "cell | cell" line per row. One section, chunked like prose.
/// </summary>
internal sealed class HtmlParser : DocumentParser
{
    private static readonly string[] Roots = ["main", "[role=main]", "article", "#mw-content-text", "#content", "body"];

    private const string Boilerplate =
        "script, style, noscript, template, iframe, svg, canvas, object, button, input, select, textarea, form, " +
        "nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo], [role=search], [aria-hidden=true], [hidden], " +
        ".navbox, .vertical-navbox, .navbar, .sidebar, .metadata, .noprint, .mw-editsection, .mw-jump-link, .mw-cite-backlink, " +
        "#toc, .toc, .catlinks, .printfooter, .mw-references-wrap, .reflist, ol.references, sup.reference, .reference, " +
        ".mw-indicators, #siteSub, #contentSub, .vector-page-toolbar, .vector-body-before-content";

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "pre", "blockquote", "figure",
        "figcaption", "address", "details", "summary", "center", "caption", "hr",
    };

    public override string Format => DocumentFormats.Html;

    public override IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings)
    {
        // A page is parsed into one DOM, so the whole text is one section.
        return [new TextSection(Extract(TextDecoding.Decode(content, "HTML")))];
    }

    internal static string Extract(string html)
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var root = Roots.Select(document.QuerySelector).FirstOrDefault(e => e is not null) ?? document.DocumentElement;
        foreach (var chrome in root.QuerySelectorAll(Boilerplate).ToList())
        {
            chrome.Remove();
        }

        var writer = new BlockWriter();
        writer.Walk(root);
        var text = PdfText.NormaliseCharacters(writer.ToString());
        return text.Length > 0 ? text : throw new DocumentParseException("The HTML page contains no text in its main content.");
    }

    /// <summary>Lays out text by blocks: a block element starts and ends a line; inline whitespace collapses to one space.</summary>
    private sealed class BlockWriter
    {
        private readonly StringBuilder _text = new();

        public void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText text:
                        AppendInline(text.Data);
                        break;
                    case IElement element:
                        WalkElement(element);
                        break;
                }
            }
        }

        private void WalkElement(IElement element)
        {
            var name = element.LocalName;
            switch (name)
            {
                case "br":
                    NewLine();
                    return;
                case "table":
                    WriteTable(element);
                    return;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    // A heading is a paragraph of its own: blank lines end the sentence before and after it.
                    BlankLine();
                    Walk(element);
                    BlankLine();
                    return;
                case "li":
                    NewLine();
                    _text.Append("- ");
                    Walk(element);
                    NewLine();
                    return;
            }

            if (Blocks.Contains(name))
            {
                NewLine();
                Walk(element);
                NewLine();
            }
            else
            {
                Walk(element);
            }
        }

        private void WriteTable(IElement table)
        {
            BlankLine();
            foreach (var row in table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table))
            {
                var cells = row.Children
                    .Where(c => c.LocalName is "td" or "th")
                    .Select(c => Collapse(c.TextContent))
                    .ToList();
                if (cells.Any(c => c.Length > 0))
                {
                    _text.Append(string.Join(" | ", cells));
                    NewLine();
                }
            }

            BlankLine();
        }

        private void AppendInline(string data)
        {
            var collapsed = Collapse(data);
            if (collapsed.Length == 0)
            {
                if (data.Length > 0 && _text.Length > 0 && _text[^1] is not (' ' or '\n'))
                {
                    _text.Append(' ');
                }

                return;
            }

            if (char.IsWhiteSpace(data[0]) && _text.Length > 0 && _text[^1] is not (' ' or '\n'))
            {
                _text.Append(' ');
            }

            _text.Append(collapsed);
            if (char.IsWhiteSpace(data[^1]))
            {
                _text.Append(' ');
            }
        }

        private void NewLine()
        {
            TrimTrailingSpace();
            if (_text.Length > 0 && _text[^1] != '\n')
            {
                _text.Append('\n');
            }
        }

        private void BlankLine()
        {
            NewLine();
            if (_text.Length > 1 && _text[^2] != '\n')
            {
                _text.Append('\n');
            }
        }

        private void TrimTrailingSpace()
        {
            while (_text.Length > 0 && _text[^1] == ' ')
            {
                _text.Length--;
            }
        }

        private static string Collapse(string text) =>
            string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

        public override string ToString()
        {
            // Lines that hold only a list marker or nothing are left over from emptied elements.
            var lines = _text.ToString().Split('\n').Select(l => l.Trim()).Where(l => l != "-");
            var joined = string.Join('\n', lines);
            while (joined.Contains("\n\n\n", StringComparison.Ordinal))
            {
                joined = joined.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
            }

            return joined.Trim();
        }
    }
}
