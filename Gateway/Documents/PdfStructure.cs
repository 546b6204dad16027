using UglyToad.PdfPig;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// Rejects a PDF the ingester could never read while the client is still waiting, so a broken upload gets a 422
/// instead of a catalog entry that later turns <c>failed</c>. Opening reads the cross-reference table and trailer;
/// loading the first page proves the page tree resolves. Text extraction stays with the RetrievalAgent.
/// </summary>
internal static class PdfStructure
{
    public static string? Problem(byte[] content)
    {
        if (!content.AsSpan().StartsWith("%PDF-"u8))
        {
            return "The file is named .pdf but is not a PDF: its content does not start with '%PDF-'.";
        }

        try
        {
            using var document = PdfDocument.Open(content);
            if (document.NumberOfPages < 1)
            {
                return "The PDF has no pages.";
            }

            _ = document.GetPage(1);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfPig reports structural damage with several exception types; all mean "cannot be read".
            return $"The PDF is damaged and cannot be read ({ex.Message.TrimEnd('.')}).";
        }
    }
}
