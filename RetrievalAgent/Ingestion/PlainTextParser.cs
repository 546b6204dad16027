namespace Switchboard.RetrievalAgent.Ingestion;

internal sealed class PlainTextParser : DocumentParser
{
    public override string Format => DocumentFormats.Text;

    public override IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings) =>
        [new TextSection(TextDecoding.Decode(content, "text").Trim())];
}
