using System.Diagnostics;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Ingests one uploaded document: blob → parse → chunk → store (one transaction) → catalog status <c>ready</c>.
/// A file that cannot be parsed is a final outcome, recorded as <c>failed</c> with the reason; the event then
/// completes normally because retrying cannot fix the file. Infrastructure errors (Redis, SQLite) throw so the
/// event is retried. Re-delivery of the same document replaces its chunks, so the handler is idempotent.
/// </summary>
internal sealed class IngestRequestedHandler(
    DocumentCatalog catalog,
    DocumentParsers parsers,
    TextChunker chunker,
    IChunkStore store,
    ILogger<IngestRequestedHandler> logger) : IEventHandler<IngestRequested>
{
    public async Task HandleAsync(IngestRequested @event, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var document = await catalog.GetAsync(@event.DocumentId);
        if (document is null)
        {
            logger.LogInformation("Document {DocumentId} is no longer catalogued; skipping ingestion", @event.DocumentId);
            return;
        }

        var content = await catalog.ReadBlobAsync(@event.DocumentId);
        if (content is null)
        {
            if (document.Status is DocumentStatus.Ready or DocumentStatus.Failed)
            {
                // A re-delivery after a run that finished (and released the blob) but was not acknowledged:
                // the outcome is already recorded, and "expired" must not overwrite it.
                logger.LogInformation("Document {DocumentId} is already {Status}; ignoring re-delivered ingestion", document.Id, document.Status);
                return;
            }

            await FailAsync(document, "The upload expired before it could be ingested; upload the file again.", started);
            return;
        }

        if (!await catalog.UpdateAsync(document with { Status = DocumentStatus.Processing, Error = null, UpdatedAt = DateTimeOffset.UtcNow }))
        {
            logger.LogInformation("Document {DocumentId} was deleted before ingestion started; skipping", document.Id);
            return;
        }

        var fileName = string.IsNullOrEmpty(@event.FileName) ? document.Name : @event.FileName;
        var contentType = string.IsNullOrEmpty(@event.ContentType) ? document.ContentType : @event.ContentType;
        ParsedDocument parsed;
        IReadOnlyList<TextChunk> chunks;
        try
        {
            parsed = parsers.For(fileName, contentType).Parse(content);
            chunks = chunker.Chunk(parsed);
        }
        catch (DocumentParseException ex)
        {
            await FailAsync(document, ex.Message, started);
            await catalog.DeleteBlobAsync(document.Id);
            return;
        }

        var stored = StoredDocument.From(document, contentType);
        await store.UpsertDocumentAsync(
            stored,
            chunks.Select((c, i) => new StoredChunk(StoredChunk.IdFor(document.Id, i), document.Id, document.Name, i, c.Page, c.Row, c.Text)).ToList(),
            cancellationToken);

        var ready = document with
        {
            Status = DocumentStatus.Ready,
            Chunks = chunks.Count,
            Warnings = parsed.Warnings,
            Error = null,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        if (!await catalog.UpdateAsync(ready))
        {
            // Deleted while we were ingesting: honour the delete rather than leave orphaned chunks searchable.
            await store.DeleteDocumentAsync(document.Id, cancellationToken);
            logger.LogInformation("Document {DocumentId} was deleted during ingestion; its chunks were removed", document.Id);
            return;
        }

        await catalog.DeleteBlobAsync(document.Id);
        RetrievalMetrics.ChunksIngested.Add(chunks.Count, new KeyValuePair<string, object?>("format", parsed.Format));
        RecordOutcome(DocumentStatus.Ready, parsed.Format, started);
        logger.LogInformation(
            "Ingested document {DocumentId} ({Format}, {Bytes} bytes): {ChunkCount} chunks, {WarningCount} warnings",
            document.Id, parsed.Format, content.Length, chunks.Count, parsed.Warnings.Count);
    }

    private async Task FailAsync(DocumentInfo document, string error, long started)
    {
        await catalog.UpdateAsync(document with
        {
            Status = DocumentStatus.Failed,
            Chunks = 0,
            Error = error,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        RecordOutcome(DocumentStatus.Failed, format: null, started);
        logger.LogWarning("Ingestion of document {DocumentId} failed: {Error}", document.Id, error);
    }

    private static void RecordOutcome(string status, string? format, long started)
    {
        var tags = new TagList { { "status", status }, { "format", format ?? "unknown" } };
        RetrievalMetrics.DocumentsIngested.Add(1, tags);
        RetrievalMetrics.IngestionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}
