using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// One section per page, keeping the 1-based page number for citations. Uses <see cref="ContentOrderTextExtractor"/>
/// because <c>page.Text</c> runs words together on many real PDFs.
/// </summary>
internal sealed class PdfParser : IDocumentParser
{
    public string Format => DocumentFormats.Pdf;

    public ParsedDocument Parse(byte[] content)
    {
        if (content.Length == 0)
        {
            throw new DocumentParseException("The PDF file is empty.");
        }

        var sections = new List<TextSection>();
        var warnings = new List<string>();
        try
        {
            using var document = PdfDocument.Open(content);
            foreach (var page in document.GetPages())
            {
                var text = ContentOrderTextExtractor.GetText(page).Trim();
                if (text.Length == 0)
                {
                    warnings.Add($"page {page.Number}: no text layer (scanned image?); skipped");
                    continue;
                }

                sections.Add(new TextSection(text, Page: page.Number));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not DocumentParseException)
        {
            // PdfPig signals damage with many exception types; any of them means this file cannot be read.
            throw new DocumentParseException($"The PDF could not be read ({ex.GetType().Name}: {ex.Message})", ex);
        }

        if (sections.Count == 0)
        {
            throw new DocumentParseException("The PDF has no extractable text (it may be scanned images without a text layer).");
        }

        return new ParsedDocument(Format, sections, warnings);
    }
}
