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
        app.MapPost("/v1/ask", AskAsync).WithMetadata(sizeLimit).WithName("Ask").WithTags("Ask").WithCallerRateLimit(CallerRateLimits.AskPolicy);
        app.MapPost("/ask", AskAsync).WithMetadata(sizeLimit).WithTags("Ask").ExcludeFromDescription().WithCallerRateLimit(CallerRateLimits.AskPolicy);
        app.MapGet("/v1/ask/{id}", GetAnswerAsync).WithName("GetAnswer").WithTags("Ask");
        return app;
    }

    public static async Task<Results<Ok<AskResponse>, ProblemHttpResult>> AskAsync(
        HttpContext context, AskOrchestrator orchestrator, CallerResolver callers, IOptions<GatewayOptions> options, ILoggerFactory loggers)
    {
        var (request, problem) = await AskRequestReader.ReadAsync(context.Request, options.Value, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return TypedResults.Ok(await orchestrator.AskAsync(request!, callers.Resolve(context), context.RequestAborted));
        }
        catch (AgentCallException ex)
        {
            loggers.CreateLogger(typeof(AskApi)).LogWarning("Question not answered: {Failure}", ex.Message);
            return ex.ToProblem(context, "no answer was produced");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            loggers.CreateLogger(typeof(AskApi)).LogError(ex, "Redis failed while recording an answer");
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
