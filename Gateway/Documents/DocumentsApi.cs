using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Asking;
using Switchboard.Gateway.RateLimiting;

namespace Switchboard.Gateway.Documents;

public static class DocumentsApi
{
    /// <summary>Set on a <c>200 OK</c> upload response: the bytes are already catalogued as this document id.</summary>
    public const string DuplicateOfHeader = "Switchboard-Duplicate-Of";

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        // Bound and validated here, at start, because the upload limits live with the API that enforces them.
        var limits = DocumentUploadOptions.Bind(app.ServiceProvider.GetRequiredService<IConfiguration>());
        var documents = app.MapGroup("/v1/documents").WithTags("Documents");

        // An API called with multipart bodies by scripts and the UI's fetch, not an HTML form post: no antiforgery token.
        documents.MapPost("/", (HttpContext context, DocumentCatalog catalog, IEventPublisher events, CallerResolver callers,
                    IOptions<GatewayOptions> gateway, ILoggerFactory loggers) =>
                UploadAsync(context, catalog, events, callers, gateway, limits, loggers))
            .DisableAntiforgery()
            // A large file on a slow link takes longer than a question's deadline; Kestrel's minimum data rate bounds it.
            .WithoutRequestDeadline()
            .WithMetadata(new RequestSizeLimitAttribute(UploadReader.MaxRequestBytes(options)))
            .WithName("UploadDocument")
            .WithSummary("Uploads a document (multipart file) for ingestion: a new document, or a new version of one of the same name.")
            .RequireAuthorization(SwitchboardPolicies.Contributor)
            .WithCallerRateLimit(CallerRateLimits.UploadPolicy);
        documents.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("The documents the caller may read, with their status.");
        documents.MapGet("/{id}", GetAsync).WithName("GetDocument").WithSummary("One document the caller may read: status, chunks, versions and any recovery wait.");
        documents.MapDelete("/{id}", DeleteAsync).WithName("DeleteDocument").RequireAuthorization(SwitchboardPolicies.Contributor).WithSummary("Deletes a document the caller may read, with its chunks.");
        return app;
    }

    /// <summary>
    /// <c>202</c> for a new document or a new version of one with the same name (same id, <c>version</c> + 1; its previous
    /// version stays searchable until the new one is ingested); <c>200</c> with the existing record and the
    /// <see cref="DuplicateOfHeader"/> header when the same bytes are already catalogued (no new ingest job);
    /// <c>409</c> when that duplicate, or the document of the same name, is one the caller may not read.
    /// </summary>
    public static async Task<Results<Accepted<DocumentInfo>, Ok<DocumentInfo>, ProblemHttpResult>> UploadAsync(
        HttpContext context, DocumentCatalog catalog, IEventPublisher events, CallerResolver callers, IOptions<GatewayOptions> options,
        DocumentUploadOptions limits, ILoggerFactory loggers)
    {
        var (upload, problem) = await UploadReader.ReadAsync(context.Request, options.Value, limits, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var logger = loggers.CreateLogger(typeof(DocumentsApi));
        var now = DateTimeOffset.UtcNow;
        var candidate = new DocumentInfo(Guid.NewGuid().ToString("N"), upload!.FileName, upload.ContentType, upload.Content.Length,
            DocumentStatus.Queued, 0, [], null, now, now)
        {
            Tags = upload.Tags,
            AllowedGroups = upload.AllowedGroups,
            ContentHash = upload.ContentHash,
        };

        var caller = callers.Resolve(context);
        candidate = candidate with { UploadedBy = caller.OwnerId };
        CatalogUpload catalogued;
        try
        {
            catalogued = await catalog.AddOrReplaceAsync(candidate, upload.Content, existing => DocumentAccess.MayRead(caller, existing));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
        {
            logger.LogError(ex, "Storing an upload of {SizeBytes} bytes failed", upload.Content.Length);
            return RedisUnavailable();
        }

        var document = catalogued.Document;
        if (catalogued.Outcome == UploadOutcome.NotPermitted)
        {
            // Neither its record nor its id is shown: only that the name or the bytes are taken.
            return TypedResults.Problem(
                document.ContentHash == upload.ContentHash
                    ? "The same content is already catalogued as a document you may not read."
                    : $"A document named '{upload.FileName}' already exists and you may not read it, so you cannot replace it. Upload it under another name.",
                statusCode: StatusCodes.Status409Conflict, title: "Document not replaceable");
        }

        var location = $"/v1/documents/{document.Id}";
        if (catalogued.Outcome == UploadOutcome.Duplicate)
        {
            logger.LogInformation("Upload is identical to document {DocumentId} version {Version}; nothing queued", document.Id, document.Version);
            context.Response.Headers[DuplicateOfHeader] = document.Id;
            context.Response.Headers.ContentLocation = location;
            return TypedResults.Ok(document);
        }

        try
        {
            await events.PublishAsync(Streams.Ingest, new IngestRequested(
                document.Id, document.Name, document.ContentType, DocumentCatalog.BlobKey(document.Id, document.Version)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Without its ingest job the record would sit "queued" forever: take it back out (or restore the previous version).
            logger.LogError(ex, "Queueing ingestion of document {DocumentId} version {Version} failed; reverting its record", document.Id, document.Version);
            await catalog.RevertAsync(catalogued);
            return RedisUnavailable();
        }

        logger.LogInformation("Document {DocumentId} version {Version} queued for ingestion ({ContentType}, {Encoding}, {SizeBytes} bytes)",
            document.Id, document.Version, document.ContentType,
            DocumentTypes.IsPdf(document.ContentType) || DocumentTypes.IsDocx(document.ContentType) ? "binary" : TextContent.EncodingName(upload.Content),
            upload.Content.Length);
        return TypedResults.Accepted(location, document);
    }

    /// <summary>
    /// The documents the caller may read (all of them for the anonymous local setup: those without groups), filtered and
    /// paginated by <see cref="DocumentListQuery"/>: the body stays a JSON array; <c>X-Total-Count</c> is the number of
    /// matches and <c>Link: &lt;…&gt;; rel="next"</c> the next page. Unfinished ones whose ingestion waits for a consumer
    /// carry <see cref="DocumentInfo.Recovery"/>.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<DocumentInfo>>, ProblemHttpResult>> ListAsync(
        HttpContext context, DocumentCatalog catalog, CallerResolver callers, IngestRecovery recovery)
    {
        var (query, errors) = DocumentListQuery.Parse(context.Request.Query);
        if (query is null)
        {
            return JsonBodyReader.Invalid(errors);
        }

        var caller = callers.Resolve(context);
        var (page, total, next) = query.Apply((await catalog.ListAsync()).Where(d => DocumentAccess.MayRead(caller, d)));
        context.Response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (next is not null)
        {
            var nextQuery = new QueryBuilder(context.Request.Query.Where(p => p.Key != "cursor")) { { "cursor", next } };
            context.Response.Headers.Link = $"<{context.Request.PathBase}{context.Request.Path}{nextQuery}>; rel=\"next\"";
        }

        return TypedResults.Ok(await recovery.AnnotateAsync(page.ToList()));
    }

    /// <summary>
    /// A document the caller may not read answers exactly like an unknown id. A <c>queued</c> or <c>processing</c> document
    /// whose ingestion is held by a RetrievalAgent that stopped, or that no RetrievalAgent is running to take, carries
    /// <see cref="DocumentInfo.Recovery"/> (<c>{"status":"waiting","reason":"consumer_stopped"|"no_consumer","detail":...}</c>).
    /// </summary>
    public static async Task<Results<Ok<DocumentInfo>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, DocumentCatalog catalog, CallerResolver callers, IngestRecovery recovery) =>
        await catalog.GetAsync(id) is { } document && DocumentAccess.MayRead(callers.Resolve(context), document)
            ? TypedResults.Ok(await recovery.AnnotateAsync(document))
            : NotFound(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, HttpContext context, DocumentCatalog catalog, CallerResolver callers, RetrievalClient retrieval,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context);
        if (await catalog.GetAsync(id) is { } document)
        {
            if (!DocumentAccess.MayRead(caller, document))
            {
                return NotFound(id);
            }

            if (!DocumentAccess.MayDelete(caller, document))
            {
                return TypedResults.Problem(
                    "Only the contributor who uploaded this document, or an admin, may delete it.",
                    statusCode: StatusCodes.Status403Forbidden, title: "Not your document");
            }
        }

        try
        {
            return await retrieval.DeleteDocumentAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
        }
        catch (AgentCallException ex)
        {
            loggers.CreateLogger(typeof(DocumentsApi)).LogWarning("Deleting document {DocumentId} failed: {Failure}", id, ex.Message);
            return ex.ToProblem(context, "the document was not deleted");
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No document with id '{id}' exists.", statusCode: StatusCodes.Status404NotFound, title: "Document not found");

    private static ProblemHttpResult RedisUnavailable() =>
        TypedResults.Problem("The document could not be stored. Try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "redis unavailable");
}
