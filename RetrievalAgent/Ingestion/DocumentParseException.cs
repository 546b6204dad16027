namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// The uploaded file cannot be turned into text (corrupt, empty, unsupported). Retrying cannot help, so ingestion
/// records the message on the document as its error instead of failing the event.
/// </summary>
internal sealed class DocumentParseException(string message, Exception? innerException = null)
    : Exception(message, innerException);
