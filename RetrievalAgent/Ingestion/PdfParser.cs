using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// One section per page, keeping the 1-based page number for citations, read one page at a time. Uses
/// <see cref="ContentOrderTextExtractor"/> (reading order) because <c>page.Text</c> runs words together on many real
/// PDFs; the text is then cleaned by <see cref="PdfText"/>. There is no OCR: a page without a text layer is a warning.
/// </summary>
internal sealed class PdfParser(IOptions<IngestionOptions> options) : DocumentParser
{
    public PdfParser()
        : this(Options.Create(new IngestionOptions()))
    {
    }

    public override string Format => DocumentFormats.Pdf;

    public override IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings)
    {
        if (content.Length == 0)
        {
            throw new DocumentParseException("The PDF file is empty.");
        }

        using var document = Guard(() => PdfDocument.Open(content));
        var pages = Guard(() => document.NumberOfPages);
        var maxPages = options.Value.MaxPages;
        if (pages > maxPages)
        {
            throw new DocumentParseException($"The PDF has {pages:N0} pages; the limit is {maxPages:N0} (Retrieval:Ingestion:MaxPages).");
        }

        var withText = 0;
        for (var number = 1; number <= pages; number++)
        {
            var text = PdfText.Clean(Guard(() => ContentOrderTextExtractor.GetText(document.GetPage(number))));
            if (text.Length == 0)
            {
                warnings.Add($"page {number} has no extractable text (no OCR)");
                continue;
            }

            withText++;
            yield return new TextSection(text, Page: number);
        }

        if (withText == 0)
        {
            throw new DocumentParseException(
                $"The PDF has no extractable text on any of its {pages} page(s): it may be scanned images, and there is no OCR.");
        }
    }

    /// <summary>PdfPig signals damage with many exception types; any of them means this file cannot be read.</summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not DocumentParseException)
        {
            throw new DocumentParseException($"The PDF could not be read ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }
}
