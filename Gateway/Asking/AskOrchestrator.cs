using System.Diagnostics;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Approvals;
using Switchboard.Gateway.Asking.Steps;
using Switchboard.Gateway.Usage;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// One question end to end, as a pipeline of named steps (each in <c>Asking/Steps</c>): screen → history → route →
/// answer cache → answer (the planned agents, in parallel) → review (one reflection pass) → release or hold (risk and
/// the approval policy); then the outcome becomes the response, and <see cref="AskRecorder"/> records it. A step either
/// hands on or ends the question with its outcome. When an agent needed for the answer fails (unreachable, busy,
/// rejecting the request or out of time), its <see cref="AgentCallException"/> propagates: the Gateway never makes up an
/// answer without it. Every step gets the request's token, which is its deadline: once that passes nothing more is asked
/// of any agent; a question that was not answered is recorded only as <see cref="AnswerStatus.Failed"/>.
/// </summary>
public sealed class AskOrchestrator(
    ScreenStep screen,
    HistoryStep history,
    RouteStep route,
    AnswerCacheStep cache,
    AnswerStep answer,
    ReviewStep review,
    ReleaseStep release,
    ApprovalGate approvals,
    AskRecorder recorder)
{
    private readonly IAskStep[] _steps = [screen, history, route, cache, answer, review, release];

    /// <param name="caller">Whose groups restrict the documents every answering agent may use.</param>
    /// <param name="context">
    /// A conversation the client keeps itself (instead of the session memory) and an observer of the stages, for the
    /// streaming and OpenAI-compatible front doors; null for a plain question.
    /// </param>
    public async Task<AskResponse> AskAsync(AskRequest request, Caller caller, CancellationToken cancellationToken, AskContext? context = null)
    {
        var started = Stopwatch.GetTimestamp();
        var answerId = Guid.NewGuid().ToString("N");
        Telemetry.QuestionTelemetry.Tag(caller, request.SessionId);
        using var activity = SwitchboardTelemetry.ActivitySource.StartActivity("ask");
        activity?.SetTag("switchboard.answer_id", answerId);

        var run = new AskRun(request, caller, context);
        AskOutcome outcome;
        try
        {
            outcome = await RunStepsAsync(run, cancellationToken);
        }
        catch (AgentCallException ex)
        {
            AskMetrics.Record(ex.Outcome, run.Route?.Intent, Stopwatch.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Title);
            await recorder.RecordFailureAsync(answerId, run, ex, Stopwatch.GetElapsedTime(started));
            throw;
        }

        if (AnswerCacheStep.Keeps(run, outcome))
        {
            run.CacheKey = run.CacheLookupKey;
        }

        run.Timings.Add("total", Stopwatch.GetElapsedTime(started));
        var (response, held) = Respond(answerId, run, outcome);
        await recorder.RecordAsync(run, response, held);
        activity?.SetTag("switchboard.status", response.Status);
        activity?.SetTag("switchboard.cached", response.Cached);
        activity?.SetTag("switchboard.intent", run.Route?.Intent);
        return response;
    }

    private async Task<AskOutcome> RunStepsAsync(AskRun run, CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            if (await step.RunAsync(run, cancellationToken) is { } outcome)
            {
                return outcome;
            }
        }

        throw new InvalidOperationException($"{nameof(ReleaseStep)} ends every question that reaches it.");
    }

    /// <summary>The client's response; a held answer also becomes the approval item the approvers see.</summary>
    private (AskResponse Response, ApprovalItem? Held) Respond(string answerId, AskRun run, AskOutcome outcome)
    {
        var timings = run.Timings.Snapshot();
        var response = new AskResponse(
            answerId,
            outcome.Status,
            outcome.Answer,
            outcome.Citations,
            run.Route,
            outcome.ReviewVerdict,
            timings,
            timings["total"],
            Activity.Current?.TraceId.ToHexString(),
            DateTimeOffset.UtcNow)
        {
            Usage = run.Cached ? AnswerUsageAccounting.Cached : AnswerUsageAccounting.Sum(run.Usages),
            Cached = run.Cached,
            Prompt = run.Prompt,
            Risk = run.Risk,
        };

        if (run.Held is not { } hold)
        {
            return (response, null);
        }

        // The asker gets the answer's id to poll; the item goes on the approvals stream, whose consumer group queues it.
        var held = approvals.NewItem(answerId, run.ScreenedQuestion, hold.Answer, hold.Citations, run.Route?.Intent,
            response.ReviewVerdict, run.Risk, hold.Triggers, response.TraceId);
        return (response with { Approval = new ApprovalState(ApprovalStatus.Pending, held.ExpiresAt) }, held);
    }
}
