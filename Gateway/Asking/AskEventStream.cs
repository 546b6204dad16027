using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// <c>POST /v1/ask</c> as server-sent events, for a client that asks for them (<c>Accept: text/event-stream</c> or
/// <c>?stream=true</c>): a <c>stage</c> event as each stage starts, then the reviewed answer's text in <c>delta</c>
/// events, then the whole <c>answer</c> (the JSON body of the non-streaming call, citations included); or an <c>error</c>
/// event with a ProblemDetails when an agent fails after the stream began.
/// </summary>
/// <remarks>
/// Every answer is reviewed before any of it leaves the Gateway (a sentence shown and then withdrawn by the review would
/// defeat it), so the text is cut into pieces only once the answer is final: the pieces are sent as fast as the
/// connection takes them, with no made-up delay.
/// </remarks>
internal static class AskEventStream
{
    public const string Stage = "stage";
    public const string Delta = "delta";
    public const string Answer = "answer";
    public const string Error = "error";

    /// <summary>Whether the client asked for a stream; a <c>stream</c> query value other than true/false is a 400.</summary>
    public static (bool Stream, ProblemHttpResult? Problem) Requested(HttpRequest request)
    {
        if (request.Query.TryGetValue("stream", out var values))
        {
            return bool.TryParse(values.ToString(), out var stream)
                ? (stream, null)
                : (false, JsonBodyReader.Invalid(new AgentCore.Validation.FieldErrors
                {
                    ["stream"] = ["stream must be true or false (or absent: then Accept: text/event-stream asks for a stream)."],
                }));
        }

        var accept = request.GetTypedHeaders().Accept;
        return (accept.Any(type => type.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase) && type.Quality is null or > 0), null);
    }

    /// <summary>
    /// Runs the question while the stream reports its stages, then streams its answer. Returns the answer, or null when
    /// none was produced (the stream then ended with an <c>error</c> event).
    /// </summary>
    public static async Task<AskResponse?> WriteAsync(HttpContext http, Func<AskContext, Task<AskResponse>> ask, ILogger logger)
    {
        var events = Channel.CreateUnbounded<SseItem<object>>(new UnboundedChannelOptions { SingleReader = true });
        var context = new AskContext { OnStage = stage => events.Writer.TryWrite(new SseItem<object>(stage, Stage)) };
        var work = RunAsync(events.Writer, () => ask(context), logger);

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache,no-store";
        http.Response.Headers.Pragma = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no"; // a reverse proxy must pass each event on at once
        http.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        // Not cancelled by the request's token: that is also its deadline, and a question stopped by the deadline still
        // ends its stream with an error event. The channel always completes: the question ends when the deadline passes
        // or the client goes away.
        await SseFormatter.WriteAsync(
            events.Reader.ReadAllAsync(CancellationToken.None),
            http.Response.Body,
            (item, writer) => writer.Write(JsonSerializer.SerializeToUtf8Bytes(item.Data, json)),
            CancellationToken.None);
        return await work;
    }

    private static async Task<AskResponse?> RunAsync(ChannelWriter<SseItem<object>> events, Func<Task<AskResponse>> ask, ILogger logger)
    {
        await Task.Yield(); // the stream's headers go out while the question is worked on
        try
        {
            var response = await ask();
            foreach (var piece in AnswerChunks.Split(response.Answer))
            {
                events.TryWrite(new SseItem<object>(new AnswerDelta(piece), Delta));
            }

            events.TryWrite(new SseItem<object>(response, Answer));
            return response;
        }
        catch (AgentCallException ex)
        {
            logger.LogWarning("Question not answered: {Failure}", ex.Message);
            events.TryWrite(new SseItem<object>(ex.ToProblemDetails("no answer was produced"), Error));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogError(ex, "Redis failed while recording an answer");
            events.TryWrite(new SseItem<object>(new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "redis unavailable",
                Detail = "The answer could not be stored. Try again shortly.",
            }, Error));
        }
        catch (OperationCanceledException) when (RequestDeadlineExpired())
        {
            events.TryWrite(new SseItem<object>(new ProblemDetails
            {
                Status = StatusCodes.Status504GatewayTimeout,
                Title = "deadline exceeded",
                Detail = "The Gateway did not finish the question within its deadline.",
            }, Error));
        }
        finally
        {
            events.TryComplete();
        }

        return null;
    }

    private static bool RequestDeadlineExpired() => ServiceDefaults.Overload.RequestDeadline.Current?.IsExpired == true;

    /// <summary>The data of a <c>delta</c> event: the next piece of the answer's text.</summary>
    public sealed record AnswerDelta(string Text);
}
