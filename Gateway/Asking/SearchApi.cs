using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.RateLimiting;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// <c>POST /v1/search</c>: the ranked chunks the RetrievalAgent would answer from, restricted to what the caller may
/// read. For API consumers that build their own answers, and for the evaluation harness (hit@k).
/// </summary>
public static class SearchApi
{
    public const int MinTopK = Limits.MinTopK;
    public const int MaxTopK = Limits.MaxSearchTopK;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        app.MapPost("/v1/search", SearchAsync)
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxAskBodyBytes))
            .WithName("Search")
            .WithTags("Search")
            .WithSummary("Ranked chunks of the documents the caller may read (hybrid keyword and vector search).")
            .WithCallerRateLimit(CallerRateLimits.AskPolicy);
        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        HttpContext context, RetrievalClient retrieval, CallerResolver callers, IOptions<GatewayOptions> options, ILoggerFactory loggers)
    {
        var (query, problem) = await JsonBodyReader.ReadAsync<SearchQuery>(
            context.Request, options.Value.MaxAskBodyBytes, "{\"query\": \"...\"}", context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors()
            .RequireText("query", query!.Query, options.Value.MaxQuestionLength)
            .RequireRange("topK", query.TopK, MinTopK, MaxTopK)
            .RequireValidFilters(query.Filters);
        if (!errors.IsValid)
        {
            return JsonBodyReader.Invalid(errors);
        }

        var caller = callers.Resolve(context);
        try
        {
            var hits = await retrieval.SearchAsync(
                new SearchRequest(query.Query.Trim(), query.TopK, query.Filters, caller.Groups), context.RequestAborted);
            return TypedResults.Ok(hits);
        }
        catch (AgentCallException ex)
        {
            loggers.CreateLogger(typeof(SearchApi)).LogWarning("Search failed: {Failure}", ex.Message);
            return ex.ToProblem(context, "nothing was searched");
        }
    }
}
