namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Picks the parser for an upload. The file extension wins over the content type, because browsers label
/// .csv as application/vnd.ms-excel and .md as text/plain or application/octet-stream.
/// </summary>
internal sealed class DocumentParsers(IEnumerable<IDocumentParser> parsers)
{
    private static readonly Dictionary<string, string> FormatByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = DocumentFormats.Pdf,
        [".csv"] = DocumentFormats.Csv,
        [".txt"] = DocumentFormats.Text,
        [".text"] = DocumentFormats.Text,
        [".md"] = DocumentFormats.Markdown,
        [".markdown"] = DocumentFormats.Markdown,
        [".docx"] = DocumentFormats.Docx,
        [".html"] = DocumentFormats.Html,
        [".htm"] = DocumentFormats.Html,
    };

    private static readonly Dictionary<string, string> FormatByContentType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = DocumentFormats.Pdf,
        ["text/csv"] = DocumentFormats.Csv,
        ["text/plain"] = DocumentFormats.Text,
        ["text/markdown"] = DocumentFormats.Markdown,
        ["text/x-markdown"] = DocumentFormats.Markdown,
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = DocumentFormats.Docx,
        ["text/html"] = DocumentFormats.Html,
        ["application/xhtml+xml"] = DocumentFormats.Html,
    };

    private readonly Dictionary<string, IDocumentParser> _byFormat = parsers.ToDictionary(p => p.Format);

    /// <exception cref="DocumentParseException">Neither the extension nor the content type is supported.</exception>
    public IDocumentParser For(string fileName, string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim() ?? string.Empty;
        if ((FormatByExtension.TryGetValue(Path.GetExtension(fileName), out var format)
             || FormatByContentType.TryGetValue(mediaType, out format))
            && _byFormat.TryGetValue(format, out var parser))
        {
            return parser;
        }

        throw new DocumentParseException(
            $"Unsupported file type (extension '{Path.GetExtension(fileName)}', content type '{mediaType}'). Supported: PDF, CSV, TXT, MD, DOCX, HTML.");
    }
}
