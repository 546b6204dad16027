namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// A quotable sentence of a chunk. <see cref="Start"/>..<see cref="End"/> (end exclusive) locate it verbatim in the
/// chunk text; <see cref="Text"/> is the same words with whitespace collapsed (how it reads in an answer).
/// <see cref="Row"/> is the CSV row it is; <see cref="IsHeading"/> marks a heading or label line, which is never quoted.
/// </summary>
internal sealed record Sentence(string Text, int Start, int End, int Position, int? Row, bool IsHeading = false)
{
    public string QuoteFrom(string chunkText) => chunkText[Start..End];
}
