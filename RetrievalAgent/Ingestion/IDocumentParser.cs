namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>Extracts the text of one document format.</summary>
internal interface IDocumentParser
{
    /// <summary>One of <see cref="DocumentFormats"/>.</summary>
    string Format { get; }

    /// <summary>
    /// Streams the sections in reading order: a page or a row is read only when the caller asks for it, so memory
    /// stays bounded by the upload's bytes plus one section. Warnings are added to <paramref name="warnings"/> as the
    /// sections are enumerated.
    /// </summary>
    /// <exception cref="DocumentParseException">Thrown by the call or during enumeration: the content is not a readable document of
    /// this format, has no text, or exceeds a limit of <see cref="IngestionOptions"/>.</exception>
    IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings);

    /// <summary>Reads the whole document into a list (tests and small tools; ingestion streams with <see cref="Read"/>).</summary>
    /// <exception cref="DocumentParseException">As for <see cref="Read"/>.</exception>
    ParsedDocument Parse(byte[] content);
}

/// <summary>The one implementation of <see cref="IDocumentParser.Parse"/>, on top of each parser's streaming <see cref="Read"/>.</summary>
internal abstract class DocumentParser : IDocumentParser
{
    public abstract string Format { get; }

    public abstract IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings);

    public ParsedDocument Parse(byte[] content)
    {
        var warnings = new ParseWarnings();
        var sections = Read(content, warnings).ToList();
        return new ParsedDocument(Format, sections, warnings.ToList());
    }
}
