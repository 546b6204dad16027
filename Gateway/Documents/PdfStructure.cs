using UglyToad.PdfPig;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// Rejects a PDF the ingester could never read, or one over the page limit, while the client is still waiting, so a
/// broken upload gets a 422 instead of a catalog entry that later turns <c>failed</c>. Opening reads the
/// cross-reference table and trailer, which also give the page count; loading the first page proves the page tree
/// resolves. Text extraction stays with the RetrievalAgent.
/// </summary>
internal static class PdfStructure
{
    /// <returns>Why the PDF cannot be read (null when it can), and the page count its page tree declares.</returns>
    public static (string? Problem, int Pages) Inspect(byte[] content)
    {
        if (!content.AsSpan().StartsWith("%PDF-"u8))
        {
            return ("The file is named .pdf but is not a PDF: its content does not start with '%PDF-'.", 0);
        }

        try
        {
            using var document = PdfDocument.Open(content);
            var pages = document.NumberOfPages;
            if (pages < 1)
            {
                return ("The PDF has no pages.", 0);
            }

            _ = document.GetPage(1);
            return (null, pages);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfPig reports structural damage with several exception types; all mean "cannot be read".
            return ($"The PDF is damaged and cannot be read ({ex.Message.TrimEnd('.')}).", 0);
        }
    }
}
