using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// One section per page, keeping the 1-based page number for citations, read a few pages ahead at a time. Each page is
/// read by its layout (<see cref="PdfLayout"/>: words, lines and blocks in reading order, so columns are read one after
/// the other), repeated headers, footers and page numbers are left out (<see cref="PdfDecorations"/>), and the text is
/// then cleaned by <see cref="PdfText"/>. A page the layout analysis cannot read falls back to
/// <see cref="ContentOrderTextExtractor"/>. There is no OCR: a page without a text layer is a warning, and so is a page
/// whose text is unreadable characters (it is left out).
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

        var decorations = new PdfDecorations(pages, number => Guard(() => ReadLayout(document, number)));
        var withText = 0;
        for (var number = 1; number <= pages; number++)
        {
            var (layout, keep) = decorations.Get(number);
            var text = PdfText.Clean(layout.Blocks.Count > 0
                ? PdfLayout.Text(layout, keep)
                : Guard(() => ContentOrderTextExtractor.GetText(document.GetPage(number))));
            if (text.Length == 0)
            {
                warnings.Add($"page {number} has no extractable text (no OCR)");
                continue;
            }

            if (PdfLayout.IsGibberish(text))
            {
                warnings.Add($"page {number} extracts as unreadable characters (a font without a Unicode map?); left out of the index");
                continue;
            }

            withText++;
            yield return new TextSection(text, Page: number);
        }

        if (withText == 0)
        {
            throw new DocumentParseException(
                $"The PDF has no extractable text on any of its {pages} page(s): it may be scanned images (there is no OCR), or its fonts have no Unicode map.");
        }
    }

    /// <summary>The page's layout; a page PdfPig's layout analysis fails on is read in content order instead (no blocks).</summary>
    private static PdfPageLayout ReadLayout(PdfDocument document, int number)
    {
        var page = document.GetPage(number);
        try
        {
            return PdfLayout.Read(page);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new PdfPageLayout(number, page.Width, page.Height, []);
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
