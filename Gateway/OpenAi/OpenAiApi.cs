using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.OpenAi;

/// <summary>
/// The OpenAI-compatible API: <c>POST /v1/chat/completions</c> (a JSON completion, or <c>stream: true</c> server-sent
/// chunks ending with <c>data: [DONE]</c>) and <c>GET /v1/models</c>, on the same ask pipeline as <c>POST /v1/ask</c>:
/// the last user message is the question, the earlier user messages its conversation (screened, then given to the router
/// to rewrite a follow-up, as a session's turns are). Citations are <c>[n]</c> markers in the content and the
/// <c>switchboard</c> extension member. See the Gateway README (OpenAI-compatible API).
/// </summary>
public static class OpenAiApi
{
    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        app.MapPost("/v1/chat/completions", CreateChatCompletionAsync)
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxChatBodyBytes))
            .WithName("CreateChatCompletion").WithTags("OpenAI")
            .WithSummary("OpenAI-compatible chat completion (JSON, or server-sent chunks with stream: true) over the ask pipeline.");
        app.MapGet("/v1/models", ListModels).WithName("ListModels").WithTags("OpenAI").WithSummary("The models the OpenAI-compatible API answers as.");
        app.MapGet("/v1/models/{model}", GetModel).WithName("GetModel").WithTags("OpenAI").WithSummary("One model of the OpenAI-compatible API.");
        return app;
    }

    public static async Task<Results<Ok<ChatCompletion>, ServerSentEventsResult<string>, ProblemHttpResult>> CreateChatCompletionAsync(
        HttpContext context,
        AskOrchestrator orchestrator,
        CallerResolver callers,
        IOptions<GatewayOptions> options,
        IOptions<Sessions.SessionOptions> sessions,
        ILoggerFactory loggers)
    {
        var (chat, problem) = await ChatRequestReader.ReadAsync(context.Request, options.Value, sessions.Value.MaxTurns, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        // The whole answer (screened, routed, answered, reviewed) exists before the response starts, so a failure keeps its
        // real status and Retry-After, which OpenAI clients read to retry; the stream then only carries the reviewed text.
        AskResponse response;
        try
        {
            response = await orchestrator.AskAsync(
                new AskRequest(chat!.Question), callers.Resolve(context), context.RequestAborted, new AskContext { Conversation = chat.EarlierQuestions });
        }
        catch (AgentCallException ex)
        {
            loggers.CreateLogger(typeof(OpenAiApi)).LogWarning("Chat completion not produced: {Failure}", ex.Message);
            return ex.ToProblem(context, "no answer was produced").WithError(code: $"agent_{ex.Outcome}");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            loggers.CreateLogger(typeof(OpenAiApi)).LogError(ex, "Redis failed while recording an answer");
            return OpenAiErrors.Problem(StatusCodes.Status503ServiceUnavailable, "redis unavailable",
                new OpenAiError("The answer could not be stored. Try again shortly.", OpenAiErrors.ServerError, null, "redis_unavailable"));
        }

        context.Features.Set(new AskOutcomeFeature(response));
        if (chat.Stream)
        {
            return TypedResults.ServerSentEvents(ChatCompletions.Chunks(response, chat.IncludeUsage).ToAsyncEnumerable());
        }

        return TypedResults.Ok(ChatCompletions.Completion(response));
    }

    public static Ok<OpenAiModelList> ListModels() => TypedResults.Ok(OpenAiModels.List);

    public static Results<Ok<OpenAiModel>, ProblemHttpResult> GetModel(string model) =>
        model == OpenAiModels.Switchboard ? TypedResults.Ok(OpenAiModels.Model) : OpenAiErrors.ModelNotFound(model);
}
