using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.RateLimiting;

namespace Switchboard.Gateway.Asking;

public static class AskApi
{
    public static IEndpointRouteBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;

        // The server stops reading a body past this size; the reader turns that into a 413 ProblemDetails.
        var sizeLimit = new RequestSizeLimitAttribute(options.MaxAskBodyBytes);
        app.MapPost("/v1/ask", AskAsync).WithMetadata(sizeLimit).WithName("Ask").WithTags("Ask").WithCallerRateLimit(CallerRateLimits.AskPolicy)
            .WithSummary("Answers a question from the documents, tables and APIs the caller may read, with citations, or says it was not found.");
        app.MapPost("/ask", AskAsync).WithMetadata(sizeLimit).WithTags("Ask").ExcludeFromDescription().WithCallerRateLimit(CallerRateLimits.AskPolicy);
        app.MapGet("/v1/ask/{id}", GetAnswerAsync).WithName("GetAnswer").WithTags("Ask")
            .WithSummary("A stored answer, for a caller who may read every document it cites.");
        return app;
    }

    /// <summary>
    /// One question: a JSON answer, or server-sent events when the client asks for them (<c>Accept: text/event-stream</c>
    /// or <c>?stream=true</c>; see <see cref="AskEventStream"/>). A bad request is a 4xx ProblemDetails either way.
    /// </summary>
    public static async Task<Results<Ok<AskResponse>, Accepted<AskResponse>, ProblemHttpResult, EmptyHttpResult>> AskAsync(
        HttpContext context, AskOrchestrator orchestrator, CallerResolver callers, IOptions<GatewayOptions> options, ILoggerFactory loggers)
    {
        var (stream, streamProblem) = AskEventStream.Requested(context.Request);
        if (streamProblem is not null)
        {
            return streamProblem;
        }

        var (request, problem) = await AskRequestReader.ReadAsync(context.Request, options.Value, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var caller = callers.Resolve(context);
        if (stream)
        {
            var streamed = await AskEventStream.WriteAsync(
                context, ask => orchestrator.AskAsync(request!, caller, context.RequestAborted, ask), loggers.CreateLogger(typeof(AskApi)));
            if (streamed is not null)
            {
                context.Features.Set(new AskOutcomeFeature(streamed));
            }

            return TypedResults.Empty;
        }

        try
        {
            var response = await orchestrator.AskAsync(request!, caller, context.RequestAborted);
            context.Features.Set(new AskOutcomeFeature(response));
            // Held for approval: 202 and where to poll for the decision.
            return response.Status == AnswerStatus.PendingApproval
                ? TypedResults.Accepted($"/v1/ask/{response.AnswerId}", response)
                : TypedResults.Ok(response);
        }
        catch (AgentCallException ex)
        {
            loggers.CreateLogger(typeof(AskApi)).LogWarning("Question not answered: {Failure}", ex.Message);
            return ex.ToProblem(context, "no answer was produced");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            loggers.CreateLogger(typeof(AskApi)).LogError(ex, "Redis failed while recording an answer");
            context.Response.Headers.RetryAfter = AgentHttp.RetryAfterHeader(AgentProblems.UnknownOutageRetryAfter);
            return TypedResults.Problem(
                "The answer could not be stored. Try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "redis unavailable");
        }
    }

    /// <summary>
    /// A stored answer, but only for a caller who may read every document it cites: an answer id passed on must not
    /// leak a restricted document's text to someone outside its groups (such a caller gets the same 404 as for no answer).
    /// </summary>
    public static async Task<Results<Ok<AskResponse>, ProblemHttpResult>> GetAnswerAsync(
        string id, HttpContext context, AnswerStore answers, DocumentAccess access, CallerResolver callers)
    {
        var answer = await answers.GetAsync(id);
        return answer is null || !await access.MayReadAllAsync(callers.Resolve(context), answer.Citations.Select(c => c.DocumentId))
            ? TypedResults.Problem($"No answer with id '{id}' exists (answers are kept for a limited time).",
                statusCode: StatusCodes.Status404NotFound, title: "Answer not found")
            : TypedResults.Ok(answer);
    }
}
