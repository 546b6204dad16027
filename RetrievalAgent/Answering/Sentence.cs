namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// A sentence of a chunk with its whitespace collapsed (the words are verbatim), its position in the chunk and,
/// for CSV chunks, the row it is.
/// </summary>
internal sealed record Sentence(string Text, int Position, int? Row);
