using System.IO.Compression;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// A .docx is a ZIP package whose main part is <c>word/document.xml</c>; anything else (a renamed .doc, a damaged
/// download) is rejected with a 422 at upload instead of failing later in ingestion.
/// </summary>
internal static class DocxStructure
{
    public static string? Problem(byte[] content)
    {
        if (!content.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return "The file is named .docx but is not a Word document: it is not a ZIP package (an old binary .doc must be saved as .docx first).";
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is null
                ? "The .docx package has no word/document.xml, so it is not a Word document."
                : null;
        }
        catch (InvalidDataException ex)
        {
            return $"The .docx package is damaged and cannot be read ({ex.Message.TrimEnd('.')}).";
        }
    }
}
