namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// A piece of a document's text with its location: a PDF page (<see cref="Page"/>, 1-based), a CSV data row
/// (<see cref="Row"/>, 1-based, header excluded) or, for plain text and Markdown, the whole text.
/// Chunks never cross sections of different pages.
/// </summary>
internal sealed record TextSection(string Text, int? Page = null, int? Row = null);

/// <summary>What a parser extracted: the text sections in reading order and any non-fatal problems.</summary>
internal sealed record ParsedDocument(string Format, IReadOnlyList<TextSection> Sections, IReadOnlyList<string> Warnings)
{
    public bool IsTabular => Format == DocumentFormats.Csv;
}

/// <summary>The document formats the RetrievalAgent ingests.</summary>
internal static class DocumentFormats
{
    public const string Pdf = "pdf";
    public const string Csv = "csv";
    public const string Text = "txt";
    public const string Markdown = "md";
}
