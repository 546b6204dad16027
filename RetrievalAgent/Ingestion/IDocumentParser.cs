namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>Extracts the text of one document format.</summary>
internal interface IDocumentParser
{
    /// <summary>One of <see cref="DocumentFormats"/>.</summary>
    string Format { get; }

    /// <exception cref="DocumentParseException">The content is not a readable document of this format or has no text.</exception>
    ParsedDocument Parse(byte[] content);
}
