namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// A piece of a document's text with its location: a PDF page (<see cref="Page"/>, 1-based), a CSV data row
/// (<see cref="Row"/>, 1-based, header excluded) or, for plain text, Markdown, DOCX and HTML, the whole text.
/// Chunks never cross sections of different pages.
/// </summary>
internal sealed record TextSection(string Text, int? Page = null, int? Row = null);

/// <summary>
/// What a parser extracted, materialised: the text sections in reading order and any non-fatal problems.
/// Ingestion itself streams (<see cref="IDocumentParser.Read"/>); this form is for callers that want the whole list.
/// </summary>
internal sealed record ParsedDocument(string Format, IReadOnlyList<TextSection> Sections, IReadOnlyList<string> Warnings)
{
    public bool IsTabular => DocumentFormats.IsTabular(Format);
}

/// <summary>The document formats the RetrievalAgent ingests.</summary>
internal static class DocumentFormats
{
    public const string Pdf = "pdf";
    public const string Csv = "csv";
    public const string Text = "txt";
    public const string Markdown = "md";
    public const string Docx = "docx";
    public const string Html = "html";

    /// <summary>Tabular formats are chunked by whole rows, one row per line.</summary>
    public static bool IsTabular(string format) => format == Csv;
}
