using System.IO.Compression;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// A .docx is a ZIP package whose main part is <c>word/document.xml</c>; anything else (a renamed .doc, a damaged
/// download) is rejected with a 422 at upload instead of failing later in ingestion. A package over the entry count,
/// the compression ratio or the inflated size of <see cref="DocumentUploadOptions"/> is a zip bomb and refused: the
/// entries are inflated with a cap (their declared sizes may lie) before the RetrievalAgent's parser ever sees them.
/// </summary>
internal static class DocxStructure
{
    private const long RatioCheckedAbove = 1024 * 1024;

    public static (string? Problem, UploadLimitProblem? Limit) Inspect(byte[] content, DocumentUploadOptions limits)
    {
        if (!content.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return ("The file is named .docx but is not a Word document: it is not a ZIP package (an old binary .doc must be saved as .docx first).", null);
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxDocxEntries)
            {
                return (null, UploadLimitProblem.Of("Too many entries in the DOCX package",
                    $"The .docx package holds {zip.Entries.Count:N0} entries; the limit is {limits.MaxDocxEntries:N0}", nameof(limits.MaxDocxEntries)));
            }

            if (zip.GetEntry("word/document.xml") is null)
            {
                return ("The .docx package has no word/document.xml, so it is not a Word document.", null);
            }

            // What the entries claim first (cheap), then what they really inflate to.
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                if (entry.Length > RatioCheckedAbove && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    return (null, UploadLimitProblem.Of("DOCX compression ratio over the limit",
                        $"The .docx entry '{entry.FullName}' inflates {entry.Length / Math.Max(1, entry.CompressedLength):N0} times its compressed size; the limit is {limits.MaxCompressionRatio:N0} times (a zip bomb)",
                        nameof(limits.MaxCompressionRatio)));
                }
            }

            var budget = limits.MaxDocxUncompressedBytes;
            if (declared > budget)
            {
                return (null, InflatedTooLarge(limits));
            }

            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                budget -= BoundedInflation.Drain(stream, budget);
                if (budget < 0)
                {
                    return (null, InflatedTooLarge(limits));
                }
            }

            return (null, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            return ($"The .docx package is damaged and cannot be read ({ex.Message.TrimEnd('.')}).", null);
        }
    }

    private static UploadLimitProblem InflatedTooLarge(DocumentUploadOptions limits) =>
        UploadLimitProblem.Of("DOCX decompressed size over the limit",
            $"The .docx package inflates to more than {limits.MaxDocxUncompressedBytes:N0} bytes (a zip bomb)", nameof(limits.MaxDocxUncompressedBytes));
}
