using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Word documents (DocumentFormat.OpenXml): the body's paragraphs in order, headings as paragraphs of their own,
/// list items as "- item", tables as one "cell | cell" line per row. Tracked deletions, field codes, headers,
/// footers, footnotes and comments are left out. One section, chunked like prose.
/// </summary>
internal sealed class DocxParser : DocumentParser
{
    public override string Format => DocumentFormats.Docx;

    public override IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings)
    {
        // The body is one XML part that the SDK loads whole, so there is nothing to gain from yielding earlier.
        return [new TextSection(Extract(content))];
    }

    private static string Extract(byte[] content)
    {
        if (content.Length == 0)
        {
            throw new DocumentParseException("The DOCX file is empty.");
        }

        var text = new StringBuilder();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentParseException("The DOCX file has no document body (word/document.xml).");
            AppendBlocks(body, text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not DocumentParseException)
        {
            // A damaged ZIP, a missing part or invalid XML: the SDK uses several exception types for each.
            throw new DocumentParseException($"The DOCX file could not be read ({ex.GetType().Name}: {ex.Message})", ex);
        }

        var result = PdfText.NormaliseCharacters(text.ToString()).Trim();
        return result.Length > 0 ? result : throw new DocumentParseException("The DOCX file contains no text.");
    }

    private static void AppendBlocks(OpenXmlElement container, StringBuilder text)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    AppendParagraph(paragraph, text);
                    break;
                case Table table:
                    AppendTable(table, text);
                    break;
                case SdtBlock or SdtContentBlock or CustomXmlBlock:
                    // Content controls and custom XML wrap ordinary paragraphs and tables.
                    AppendBlocks(element, text);
                    break;
            }
        }
    }

    private static void AppendParagraph(Paragraph paragraph, StringBuilder text)
    {
        var line = InlineText(paragraph);
        if (line.Length == 0)
        {
            return;
        }

        var properties = paragraph.ParagraphProperties;
        var style = properties?.ParagraphStyleId?.Val?.Value ?? string.Empty;
        if (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) || style.Equals("Title", StringComparison.OrdinalIgnoreCase)
            || properties?.OutlineLevel is not null)
        {
            // A heading is a paragraph of its own, so sentences and chunks do not run across it.
            text.Append('\n').Append(line).Append("\n\n");
        }
        else if (properties?.NumberingProperties is not null || style.Contains("List", StringComparison.OrdinalIgnoreCase))
        {
            text.Append("- ").Append(line).Append('\n');
        }
        else
        {
            text.Append(line).Append('\n');
        }
    }

    private static void AppendTable(Table table, StringBuilder text)
    {
        text.Append('\n');
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = row.Elements<TableCell>()
                .Select(cell => string.Join(' ', cell.Descendants<Paragraph>().Select(InlineText).Where(t => t.Length > 0)))
                .ToList();
            if (cells.Any(c => c.Length > 0))
            {
                text.Append(string.Join(" | ", cells)).Append('\n');
            }
        }

        text.Append('\n');
    }

    /// <summary>The visible text of a paragraph: runs' text, tabs as spaces, breaks as spaces; whitespace collapsed.</summary>
    private static string InlineText(Paragraph paragraph)
    {
        var line = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    line.Append(t.Text);
                    break;
                case TabChar or Break or CarriageReturn:
                    line.Append(' ');
                    break;
                case NoBreakHyphen:
                    line.Append('-');
                    break;
            }
        }

        return string.Join(' ', line.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
