namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// One piece of a document sized for retrieval. <see cref="Page"/> is the PDF page it lies on; for CSV,
/// <see cref="Row"/> is the first of the consecutive rows it holds, one row per line.
/// </summary>
internal sealed record TextChunk(string Text, int? Page, int? Row, int Tokens);
