using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Documents;

public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var documents = app.MapGroup("/v1/documents").WithTags("Documents");

        // An API called with multipart bodies by scripts and the UI's fetch, not an HTML form post: no antiforgery token.
        documents.MapPost("/", UploadAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadReader.MaxRequestBytes(options)));
        documents.MapGet("/", ListAsync);
        documents.MapGet("/{id}", GetAsync);
        documents.MapDelete("/{id}", DeleteAsync);
        return app;
    }

    public static async Task<Results<Accepted<DocumentInfo>, ProblemHttpResult>> UploadAsync(
        HttpContext context, DocumentCatalog catalog, IEventPublisher events, IOptions<GatewayOptions> options, ILoggerFactory loggers)
    {
        var (upload, problem) = await UploadReader.ReadAsync(context.Request, options.Value, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var logger = loggers.CreateLogger(typeof(DocumentsApi));
        var id = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var document = new DocumentInfo(id, upload!.FileName, upload.ContentType, upload.Content.Length,
            DocumentStatus.Queued, 0, [], null, now, now);
        try
        {
            await catalog.AddAsync(document, upload.Content);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
        {
            logger.LogError(ex, "Storing document {DocumentId} failed", id);
            return RedisUnavailable();
        }

        try
        {
            await events.PublishAsync(Streams.Ingest, new IngestRequested(id, upload.FileName, upload.ContentType, DocumentCatalog.BlobKey(id)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Without its ingest job the record would sit "queued" forever: take it back out.
            logger.LogError(ex, "Queueing ingestion of document {DocumentId} failed; removing its record", id);
            await catalog.RemoveAsync(id);
            return RedisUnavailable();
        }

        logger.LogInformation("Document {DocumentId} queued for ingestion ({ContentType}, {SizeBytes} bytes)", id, upload.ContentType, upload.Content.Length);
        return TypedResults.Accepted($"/v1/documents/{id}", document);
    }

    public static async Task<Ok<IReadOnlyList<DocumentInfo>>> ListAsync(DocumentCatalog catalog) =>
        TypedResults.Ok(await catalog.ListAsync());

    public static async Task<Results<Ok<DocumentInfo>, ProblemHttpResult>> GetAsync(string id, DocumentCatalog catalog) =>
        await catalog.GetAsync(id) is { } document ? TypedResults.Ok(document) : NotFound(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, RetrievalClient retrieval, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            return await retrieval.DeleteDocumentAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
        }
        catch (AgentUnavailableException ex)
        {
            loggers.CreateLogger(typeof(DocumentsApi)).LogWarning(ex, "Deleting document {DocumentId} failed: {Agent} unavailable", id, ex.Agent);
            return TypedResults.Problem(
                "The retrieval agent could not be reached or failed, so the document was not deleted. Try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: $"{ex.Agent} unavailable");
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No document with id '{id}' exists.", statusCode: StatusCodes.Status404NotFound, title: "Document not found");

    private static ProblemHttpResult RedisUnavailable() =>
        TypedResults.Problem("The document could not be stored. Try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "redis unavailable");
}
