using System.IO.Compression;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// Rejects a PDF the ingester could never read, or one over a limit, while the client is still waiting, so a broken
/// upload gets a 422 instead of a catalog entry that later turns <c>failed</c>. Opening reads the cross-reference table
/// and trailer, which give the object and page counts; every Flate stream is then inflated with a cap (a PDF bomb is a
/// small stream that inflates to gigabytes), and only then is the first page loaded, proving the page tree resolves.
/// Text extraction stays with the RetrievalAgent.
/// </summary>
internal static class PdfStructure
{
    /// <returns>Why the PDF cannot be read or the limit it exceeds (both null when it is fine).</returns>
    public static (string? Problem, UploadLimitProblem? Limit) Inspect(byte[] content, DocumentUploadOptions limits)
    {
        if (!content.AsSpan().StartsWith("%PDF-"u8))
        {
            return ("The file is named .pdf but is not a PDF: its content does not start with '%PDF-'.", null);
        }

        try
        {
            using var document = PdfDocument.Open(content);
            var objects = document.Structure.CrossReferenceTable.ObjectOffsets;
            if (objects.Count > limits.MaxPdfObjects)
            {
                return (null, UploadLimitProblem.Of("Too many objects in the PDF",
                    $"The PDF lists {objects.Count:N0} objects; the limit is {limits.MaxPdfObjects:N0}", nameof(limits.MaxPdfObjects)));
            }

            var pages = document.NumberOfPages;
            if (pages < 1)
            {
                return ("The PDF has no pages.", null);
            }

            if (pages > limits.MaxPdfPages)
            {
                return (null, UploadLimitProblem.Of("Too many pages",
                    $"The PDF has {pages:N0} pages; the limit is {limits.MaxPdfPages:N0} pages", nameof(limits.MaxPdfPages)));
            }

            var budget = limits.MaxPdfDecodedBytes;
            foreach (var reference in objects.Keys)
            {
                if (document.Structure.GetObject(reference).Data is not StreamToken stream || !IsFlate(stream))
                {
                    continue;
                }

                budget -= InflatedSize(stream, budget);
                if (budget < 0)
                {
                    return (null, UploadLimitProblem.Of("PDF decompressed size over the limit",
                        $"The PDF's compressed streams inflate to more than {limits.MaxPdfDecodedBytes:N0} bytes (a decompression bomb)",
                        nameof(limits.MaxPdfDecodedBytes)));
                }
            }

            _ = document.GetPage(1);
            return (null, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfPig reports structural damage with several exception types; all mean "cannot be read".
            return ($"The PDF is damaged and cannot be read ({ex.Message.TrimEnd('.')}).", null);
        }
    }

    private static bool IsFlate(StreamToken stream) =>
        stream.StreamDictionary.Data.TryGetValue("Filter", out var filter) && filter.ToString()!.Contains("FlateDecode", StringComparison.Ordinal);

    /// <summary>What a Flate stream inflates to, up to <paramref name="budget"/> + 1, counting up to any damage (PdfPig judges that).</summary>
    private static long InflatedSize(StreamToken stream, long budget)
    {
        using var zlib = new ZLibStream(new MemoryStream(stream.Data.ToArray(), writable: false), CompressionMode.Decompress);
        return BoundedInflation.Drain(zlib, budget, stopAtDamage: true);
    }
}
