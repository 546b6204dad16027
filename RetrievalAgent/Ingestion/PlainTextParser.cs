namespace Switchboard.RetrievalAgent.Ingestion;

internal sealed class PlainTextParser : IDocumentParser
{
    public string Format => DocumentFormats.Text;

    public ParsedDocument Parse(byte[] content) =>
        new(Format, [new TextSection(TextDecoding.Decode(content, "text").Trim())], []);
}
