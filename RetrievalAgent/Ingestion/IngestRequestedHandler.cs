using System.Diagnostics;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tables;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Ingests one uploaded version of a document: blob → parse → chunk (streamed) → store (one transaction that replaces
/// the document's previous chunks) → catalog status <c>ready</c>. A file that cannot be parsed, or that exceeds a limit,
/// is a final outcome, recorded as <c>failed</c> with the reason, and leaves the store unchanged (so a failed new version
/// keeps the previous version searchable); the event then completes normally because retrying cannot fix the file.
/// Infrastructure errors (Redis, SQLite) throw so the event is retried. Re-delivery replaces the same chunks, so the
/// handler is idempotent; a job for a version that a newer upload has already replaced is skipped.
/// </summary>
internal sealed class IngestRequestedHandler(
    DocumentCatalog catalog,
    DocumentParsers parsers,
    TextChunker chunker,
    IChunkStore store,
    TableIngestion tables,
    InstructionScan instructions,
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

        var blobKey = DocumentCatalog.BlobKey(document.Id, document.Version);
        if (!string.IsNullOrEmpty(@event.BlobKey) && @event.BlobKey != blobKey)
        {
            // The job of a version that a newer upload replaced: the newer version's own job does the work.
            logger.LogInformation("Ingest job for {BlobKey} is stale: document {DocumentId} is at version {Version}; skipping",
                @event.BlobKey, document.Id, document.Version);
            await catalog.DeleteBlobByKeyAsync(@event.BlobKey);
            return;
        }

        if (document.Status is DocumentStatus.Ready or DocumentStatus.Failed)
        {
            // A re-delivery after a run that finished this version but was not acknowledged (killed after the catalog
            // said so, before or after the blob was released): the outcome is recorded, so do not ingest it again.
            logger.LogInformation("Document {DocumentId} is already {Status}; ignoring re-delivered ingestion", document.Id, document.Status);
            await catalog.DeleteBlobByKeyAsync(blobKey);
            return;
        }

        var content = await catalog.ReadBlobByKeyAsync(blobKey);
        if (content is null)
        {
            await FailAsync(document, "The upload expired before it could be ingested; upload the file again.", started);
            return;
        }

        var processing = document with { Status = DocumentStatus.Processing, Error = null, UpdatedAt = DateTimeOffset.UtcNow };
        if (await catalog.UpdateIfCurrentAsync(processing) != CatalogUpdate.Updated)
        {
            logger.LogInformation("Document {DocumentId} was deleted or replaced before ingestion started; skipping", document.Id);
            return;
        }

        var fileName = string.IsNullOrEmpty(@event.FileName) ? document.Name : @event.FileName;
        var contentType = string.IsNullOrEmpty(@event.ContentType) ? document.ContentType : @event.ContentType;
        var warnings = new ParseWarnings();
        string format;
        List<StoredChunk> chunks;
        try
        {
            var parser = parsers.For(fileName, contentType);
            format = parser.Format;
            // Pages and rows are read and chunked one at a time; only the finished chunks are kept.
            chunks = chunker.Chunk(parser.Format, parser.Read(content, warnings))
                .Select((c, i) => new StoredChunk(StoredChunk.IdFor(document.Id, i), document.Id, document.Name, i, c.Page, c.Row, c.Text))
                .ToList();
        }
        catch (DocumentParseException ex)
        {
            await FailAsync(processing, ex.Message, started);
            await catalog.DeleteBlobByKeyAsync(blobKey);
            return;
        }

        // Parsing a large file takes a while: a version uploaded meanwhile must not be overwritten by this older one.
        if (await catalog.GetAsync(document.Id) is not { } current || current.Version != document.Version)
        {
            logger.LogInformation("Document {DocumentId} was deleted or replaced during parsing; discarding version {Version}", document.Id, document.Version);
            await catalog.DeleteBlobByKeyAsync(blobKey);
            return;
        }

        var flags = instructions.Flag(chunks, warnings);
        var stored = StoredDocument.From(document, contentType);
        await store.UpsertDocumentAsync(stored, chunks, cancellationToken);
        // A CSV is also kept as a table (Tables/): questions that name its rows and columns are answered from the cells.
        await tables.DocumentStoredAsync(stored, format, content, chunks);

        var ready = processing with
        {
            Status = DocumentStatus.Ready,
            Chunks = chunks.Count,
            Warnings = warnings.ToList(),
            Flags = flags,
            Error = null,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        switch (await catalog.UpdateIfCurrentAsync(ready))
        {
            case CatalogUpdate.Missing:
                // Deleted while we were ingesting: honour the delete rather than leave orphaned chunks searchable.
                await store.DeleteDocumentAsync(document.Id, cancellationToken);
                await tables.RemoveAsync(document.Id);
                logger.LogInformation("Document {DocumentId} was deleted during ingestion; its chunks were removed", document.Id);
                return;
            case CatalogUpdate.Superseded:
                // A newer version arrived after the check above; its job replaces these chunks when it commits.
                logger.LogInformation("Document {DocumentId} was replaced during ingestion of version {Version}", document.Id, document.Version);
                await catalog.DeleteBlobByKeyAsync(blobKey);
                return;
        }

        await catalog.DeleteBlobByKeyAsync(blobKey);
        RetrievalMetrics.ChunksIngested.Add(chunks.Count, new KeyValuePair<string, object?>("format", format));
        RecordOutcome(DocumentStatus.Ready, format, started);
        logger.LogInformation(
            "Ingested document {DocumentId} version {Version} ({Format}, {Bytes} bytes): {ChunkCount} chunks, {WarningCount} warnings, flags [{Flags}]",
            document.Id, document.Version, format, content.Length, chunks.Count, warnings.Total, string.Join(",", flags));
    }

    /// <summary>
    /// Records the failure on the version that failed. For a new version the previous version's chunks are still in
    /// the store and searchable: the record keeps their count and the error says so.
    /// </summary>
    private async Task FailAsync(DocumentInfo document, string error, long started)
    {
        var keepsPrevious = document.Version > 1 && document.Chunks > 0;
        var failed = document with
        {
            Status = DocumentStatus.Failed,
            Chunks = keepsPrevious ? document.Chunks : 0,
            Error = keepsPrevious ? $"{error} Version {document.Version - 1} stays searchable." : error,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await catalog.UpdateIfCurrentAsync(failed);
        RecordOutcome(DocumentStatus.Failed, format: null, started);
        logger.LogWarning("Ingestion of document {DocumentId} version {Version} failed: {Error}", document.Id, document.Version, error);
    }

    private static void RecordOutcome(string status, string? format, long started)
    {
        var tags = new TagList { { "status", status }, { "format", format ?? "unknown" } };
        RetrievalMetrics.DocumentsIngested.Add(1, tags);
        RetrievalMetrics.IngestionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}
