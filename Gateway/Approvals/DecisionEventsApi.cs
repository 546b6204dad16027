using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// <c>GET /v1/ask/{id}/events</c>: the asker follows a held answer over server-sent events instead of polling
/// <c>GET /v1/ask/{id}</c>. First a <c>pending</c> event (the stored answer, <c>status: pending_approval</c>), then
/// <c>heartbeat</c> events while it waits, then one <c>answer</c> event with the decision (<c>answered</c>,
/// <c>rejected</c> or <c>expired</c>, exactly what <c>GET /v1/ask/{id}</c> then returns) and the stream ends. An answer
/// that is not waiting is sent as its <c>answer</c> event at once. Who may follow is who may read the answer.
/// </summary>
/// <remarks>
/// The stream re-reads the stored answer every <see cref="ApprovalOptions.FollowPollInterval"/>: a decision taken on any
/// Gateway replica is seen, and nothing is lost if this replica missed a notification. A follower does no work while it
/// waits, so it holds no slot of the request concurrency limit and has no request deadline; the followers of one Gateway
/// are capped by <see cref="ApprovalOptions.MaxFollowers"/> instead (503 beyond).
/// </remarks>
public static class DecisionEventsApi
{
    public const string Pending = "pending";
    public const string Heartbeat = "heartbeat";
    public const string Answer = "answer";

    public static IEndpointRouteBuilder MapDecisionEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/ask/{id}/events", FollowAsync).WithName("FollowAnswer").WithTags("Ask")
            .WithoutRequestDeadline().WithoutLoadShedding()
            .WithSummary("Follows a held answer over server-sent events until an approver decides (pending, heartbeat, answer).");
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> FollowAsync(
        string id, HttpContext context, AnswerStore answers, DocumentAccess access, CallerResolver callers,
        IOptionsMonitor<ApprovalOptions> options, TimeProvider time, FollowerSlots followers)
    {
        var answer = await answers.GetAsync(id);
        var caller = callers.Resolve(context);
        if (answer is null || !await access.MayReadAllAsync(caller, answer.Citations.Select(c => c.DocumentId)))
        {
            return TypedResults.Problem($"No answer with id '{id}' exists (answers are kept for a limited time).",
                statusCode: StatusCodes.Status404NotFound, title: "Answer not found");
        }

        var settings = options.CurrentValue;
        if (!followers.TryTake(settings.MaxFollowers))
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                $"This Gateway already streams {settings.MaxFollowers} held answers; poll GET /v1/ask/{id} or retry in 5 s.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "service busy",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 });
        }

        try
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache,no-store";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            await SseFormatter.WriteAsync(
                EventsAsync(answer, answers, caller, access, settings, time, context.RequestAborted),
                context.Response.Body,
                (item, writer) => writer.Write(JsonSerializer.SerializeToUtf8Bytes(item.Data, json)),
                context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The asker went away: nothing to finish.
        }
        finally
        {
            followers.Release();
        }

        return TypedResults.Empty;
    }

    private static async IAsyncEnumerable<SseItem<object>> EventsAsync(
        AskResponse answer, AnswerStore answers, Caller caller, DocumentAccess access, ApprovalOptions options, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (answer.Status != AnswerStatus.PendingApproval)
        {
            yield return new SseItem<object>(answer, Answer);
            yield break;
        }

        yield return new SseItem<object>(answer, Pending);
        var lastBeat = time.GetUtcNow();
        while (true)
        {
            await Task.Delay(options.FollowPollInterval, time, cancellationToken);
            var current = await answers.GetAsync(answer.AnswerId);
            if (current is null)
            {
                yield break; // the answer's time in the store ran out: nothing more will be decided
            }

            if (current.Status != AnswerStatus.PendingApproval)
            {
                // The decision may cite what the held answer did not show: the same access rule as GET /v1/ask/{id}.
                if (await access.MayReadAllAsync(caller, current.Citations.Select(c => c.DocumentId)))
                {
                    yield return new SseItem<object>(current, Answer);
                }

                yield break;
            }

            if (time.GetUtcNow() - lastBeat >= options.FollowHeartbeatInterval)
            {
                lastBeat = time.GetUtcNow();
                yield return new SseItem<object>(new FollowHeartbeat(lastBeat), Heartbeat);
            }
        }
    }
}

/// <summary>The data of a <c>heartbeat</c> event.</summary>
public sealed record FollowHeartbeat(DateTimeOffset At);

/// <summary>How many follow streams this Gateway has open (one per process: a singleton).</summary>
public sealed class FollowerSlots
{
    private int _open;

    public bool TryTake(int max)
    {
        if (Interlocked.Increment(ref _open) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _open);
}
