using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tables;
using Switchboard.ServiceDefaults.ServiceAuth;

namespace Switchboard.RetrievalAgent.Api;

/// <summary>The RetrievalAgent's HTTP API: search, answer, evidence, and document removal/inspection.</summary>
public static class RetrievalApi
{
    /// <summary>Longest accepted query or question, in characters; longer input is a client error, not a search.</summary>
    internal const int MaxQueryLength = RequestValidation.MaxQueryLength;

    // /evidence spells out its nulls (documentName, page, row): the calibration client reads them as fields.
    private static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapRetrievalApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/search", SearchAsync).WithName("Search").WithSummary("Hybrid search over the chunks the caller's groups may read.");
        app.MapPost("/answer", AnswerAsync).WithName("Answer").WithSummary("Answers a question from the retrieved chunks with verified citations, or not_found.");
        app.MapPost("/evidence", EvidenceAsync).WithName("Evidence").WithSummary("The best evidence score for a question without the answer threshold, and the status /answer would give: for threshold calibration.");
        app.MapDelete("/documents/{id}", DeleteDocumentAsync).WithName("DeleteDocument").WithSummary("Removes a document's chunks from the index.");
        app.MapGet("/documents/{id}/chunks", GetChunksAsync).WithName("GetDocumentChunks").WithSummary("A document's chunks, in order.");
        return app;
    }

    internal static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        SearchRequest request, HttpContext context, ChunkSearcher searcher, CancellationToken cancellationToken)
    {
        request = request with { CallerGroups = context.CallerGroups(request.CallerGroups) };
        if (RequestValidation.Validate("query", request.Query, request.TopK, request.Filters, request.CallerGroups) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var hits = await searcher.SearchAsync(
            request.Query, request.TopK ?? ChunkSearcher.DefaultTopK, ChunkFilter.From(request.Filters, request.CallerGroups), cancellationToken);
        return TypedResults.Ok(new SearchResponse(hits.Select(h => h.ToHit()).ToList()));
    }

    internal static async Task<Results<Ok<AgentAnswer>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        AgentAnswerRequest request, HttpContext context, ApiToolAnswers tools, TableAnswerer tables, IDocumentAnswerer answerer, CancellationToken cancellationToken)
    {
        request = request with { CallerGroups = context.CallerGroups(request.CallerGroups) };
        if (RequestValidation.Validate("question", request.Question, request.TopK, request.Filters, request.CallerGroups) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            if (await tools.TryAnswerAsync(request.Question, cancellationToken) is { } toolAnswer)
            {
                return TypedResults.Ok(toolAnswer);
            }
        }
        catch (ApiToolUnavailableException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "API tool unavailable");
        }

        var filter = ChunkFilter.From(request.Filters, request.CallerGroups);
        if (await tables.TryAnswerAsync(request.Question, filter, cancellationToken) is { } tableAnswer)
        {
            return TypedResults.Ok(tableAnswer);
        }

        var result = await answerer.AnswerAsync(request.Question, request.TopK ?? ChunkSearcher.DefaultTopK, filter, cancellationToken);
        return TypedResults.Ok(result.Answer);
    }

    internal static async Task<Results<JsonHttpResult<EvidenceResponse>, ValidationProblem>> EvidenceAsync(
        AgentAnswerRequest request, HttpContext context, ExtractiveAnswerer answerer, CancellationToken cancellationToken)
    {
        request = request with { CallerGroups = context.CallerGroups(request.CallerGroups) };
        if (RequestValidation.Validate("question", request.Question, request.TopK, request.Filters, request.CallerGroups) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await answerer.AnswerAsync(
            request.Question, request.TopK ?? ChunkSearcher.DefaultTopK, ChunkFilter.From(request.Filters, request.CallerGroups), cancellationToken);
        var located = result.Answer.Citations.FirstOrDefault();
        var chunk = result.BestHit?.Chunk;
        return TypedResults.Json(
            new EvidenceResponse(
                Math.Round(result.Evidence, 6),
                result.Answer.Status,
                located?.DocumentName ?? chunk?.DocumentName,
                located is not null ? located.Page : chunk?.Page,
                located is not null ? located.Row : chunk?.Row),
            EvidenceJson);
    }

    /// <remarks>
    /// A removal, once started, runs to its end whatever the request's deadline or the caller does: cancelled between
    /// the store's commit and its index or the catalog, it would leave a half-removed document. The caller that gave up
    /// gets its 504; deleting again finds nothing left to do.
    /// </remarks>
    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteDocumentAsync(
        string id, IChunkStore store, DocumentCatalog catalog, TableIngestion tables)
    {
        var fromStore = await store.DeleteDocumentAsync(id, CancellationToken.None);
        await tables.RemoveAsync(id);
        var fromCatalog = await catalog.RemoveAsync(id);
        return fromStore || fromCatalog
            ? TypedResults.NoContent()
            : TypedResults.Problem(detail: $"Document '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Document not found");
    }

    /// <summary>
    /// A document's chunks, for a caller given by repeated <c>callerGroups</c> query parameters (none: anonymous).
    /// A document the caller may not read is reported as not found, so its existence does not leak either.
    /// </summary>
    internal static async Task<Results<Ok<DocumentChunks>, ProblemHttpResult, ValidationProblem>> GetChunksAsync(
        string id, [FromQuery] string[]? callerGroups, HttpContext context, IChunkStore store, CancellationToken cancellationToken)
    {
        callerGroups = context.CallerGroups(callerGroups)?.ToArray();
        if (RequestValidation.ValidateGroups(callerGroups) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var chunks = await store.GetChunksAsync(id, ChunkFilter.From(null, callerGroups), cancellationToken);
        return chunks.Count == 0
            ? TypedResults.Problem(detail: $"Document '{id}' has no indexed chunks.", statusCode: StatusCodes.Status404NotFound, title: "Document not found")
            : TypedResults.Ok(new DocumentChunks(id, chunks[0].DocumentName,
                chunks.Select(c => new ChunkView(c.Id, c.Ordinal, c.Page, c.Row, c.Text)).ToList()));
    }
}
