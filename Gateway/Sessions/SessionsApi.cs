using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Validation;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.Sessions;

/// <summary>
/// <c>GET/DELETE /v1/sessions/{id}</c>: a caller reads or forgets their own conversation. Another caller's session with
/// the same id is invisible (its key differs), so it answers 404 like an unknown id.
/// </summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions").WithTags("Sessions");
        sessions.MapGet("/{id}", GetAsync).WithName("GetSession").WithSummary("The caller's conversation: its last turns.");
        sessions.MapDelete("/{id}", DeleteAsync).WithName("DeleteSession").WithSummary("Forgets the caller's conversation.");
        return app;
    }

    public static async Task<Results<Ok<SessionView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, ConversationMemory memory, CallerResolver callers)
    {
        if (Invalid(id) is { } problem)
        {
            return problem;
        }

        var turns = await memory.GetAsync(callers.Resolve(context), id);
        return turns.Count == 0 ? NotFound(id) : TypedResults.Ok(new SessionView(id, turns));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, HttpContext context, ConversationMemory memory, CallerResolver callers)
    {
        if (Invalid(id) is { } problem)
        {
            return problem;
        }

        return await memory.DeleteAsync(callers.Resolve(context), id) ? TypedResults.NoContent() : NotFound(id);
    }

    private static ProblemHttpResult? Invalid(string id) =>
        SessionIds.IsValid(id) ? null : JsonBodyReader.Invalid(new FieldErrors { ["id"] = [$"The session id {SessionIds.Rule}"] });

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No session with id '{id}' exists for this caller (sessions expire when idle).",
            statusCode: StatusCodes.Status404NotFound, title: "Session not found");
}
