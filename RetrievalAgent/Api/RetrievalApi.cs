using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Validation;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Api;

/// <summary>The RetrievalAgent's HTTP API: search, answer, and document removal/inspection.</summary>
public static class RetrievalApi
{
    /// <summary>Longest accepted query or question, in characters; longer input is a client error, not a search.</summary>
    internal const int MaxQueryLength = 4000;

    public static IEndpointRouteBuilder MapRetrievalApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/search", SearchAsync).WithName("Search");
        app.MapPost("/answer", AnswerAsync).WithName("Answer");
        app.MapDelete("/documents/{id}", DeleteDocumentAsync).WithName("DeleteDocument");
        app.MapGet("/documents/{id}/chunks", GetChunksAsync).WithName("GetDocumentChunks");
        return app;
    }

    internal static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        SearchRequest request, ChunkSearcher searcher, CancellationToken cancellationToken)
    {
        if (Validate("query", request.Query, request.TopK) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var hits = await searcher.SearchAsync(request.Query, request.TopK ?? ChunkSearcher.DefaultTopK, request.Filters, cancellationToken);
        return TypedResults.Ok(new SearchResponse(hits.Select(h => h.ToHit()).ToList()));
    }

    internal static async Task<Results<Ok<AgentAnswer>, ValidationProblem>> AnswerAsync(
        AgentAnswerRequest request, ExtractiveAnswerer answerer, CancellationToken cancellationToken)
    {
        if (Validate("question", request.Question, request.TopK) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var answer = await answerer.AnswerAsync(request.Question, request.TopK ?? ChunkSearcher.DefaultTopK, request.Filters, cancellationToken);
        return TypedResults.Ok(answer);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteDocumentAsync(
        string id, IChunkStore store, DocumentCatalog catalog, CancellationToken cancellationToken)
    {
        var fromStore = await store.DeleteDocumentAsync(id, cancellationToken);
        var fromCatalog = await catalog.RemoveAsync(id);
        return fromStore || fromCatalog
            ? TypedResults.NoContent()
            : TypedResults.Problem(detail: $"Document '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Document not found");
    }

    internal static async Task<Results<Ok<DocumentChunks>, ProblemHttpResult>> GetChunksAsync(
        string id, IChunkStore store, CancellationToken cancellationToken)
    {
        var chunks = await store.GetChunksAsync(id, cancellationToken);
        return chunks.Count == 0
            ? TypedResults.Problem(detail: $"Document '{id}' has no indexed chunks.", statusCode: StatusCodes.Status404NotFound, title: "Document not found")
            : TypedResults.Ok(new DocumentChunks(id, chunks[0].DocumentName,
                chunks.Select(c => new ChunkView(c.Id, c.Ordinal, c.Page, c.Row, c.Text)).ToList()));
    }

    private static FieldErrors? Validate(string textField, string? text, int? topK)
    {
        var errors = new FieldErrors()
            .RequireText(textField, text, MaxQueryLength)
            .RequireRange("topK", topK, 1, ChunkSearcher.MaxTopK);
        return errors.IsValid ? null : errors;
    }
}
