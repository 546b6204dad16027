using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// One question end to end: screen → route → the planned agents → review (with one reflection pass) → store,
/// record the interaction. When an agent needed for the answer fails, <see cref="AgentUnavailableException"/>
/// propagates: the Gateway never makes up an answer without it.
/// </summary>
public sealed class AskOrchestrator(
    ComplianceClient compliance,
    RouterClient router,
    IEnumerable<IAnsweringAgent> answeringAgents,
    AnswerStore answers,
    SessionHistory sessions,
    IEventPublisher events,
    ILogger<AskOrchestrator> logger)
{
    private readonly Dictionary<string, IAnsweringAgent> _agents =
        answeringAgents.ToDictionary(agent => agent.Name, StringComparer.OrdinalIgnoreCase);

    /// <param name="caller">Whose groups restrict the documents every answering agent may use.</param>
    public async Task<AskResponse> AskAsync(AskRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var answerId = Guid.NewGuid().ToString("N");
        using var activity = SwitchboardTelemetry.ActivitySource.StartActivity("ask");
        activity?.SetTag("switchboard.answer_id", answerId);

        var run = new AskRun();
        Outcome outcome;
        try
        {
            outcome = await DecideAsync(request, caller, run, cancellationToken);
        }
        catch (AgentUnavailableException ex)
        {
            AskMetrics.Record(AskMetrics.Unavailable, Stopwatch.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, $"{ex.Agent} unavailable");
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        run.Timings.Add("total", elapsed);
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
            DateTimeOffset.UtcNow);

        // Recording must not depend on the client still listening: the answer was produced and is accounted for.
        await answers.SaveAsync(response);
        if (outcome.Status != AnswerStatus.Refused)
        {
            await sessions.AppendAsync(request.SessionId, run.ScreenedQuestion);
        }

        await events.PublishAsync(Streams.Interactions, new InteractionRecorded(
            answerId,
            run.ScreenedQuestion,
            response.Status,
            run.Route?.Intent,
            run.Route?.Confidence,
            run.AgentsCalled,
            response.ReviewVerdict,
            response.Citations.Count,
            response.LatencyMs,
            timings,
            run.Findings,
            response.TraceId), CancellationToken.None);

        AskMetrics.Record(response.Status, elapsed);
        activity?.SetTag("switchboard.status", response.Status);
        activity?.SetTag("switchboard.intent", run.Route?.Intent);
        // Never the question text (it may hold personal data): its length and the outcome are enough to debug.
        logger.LogInformation(
            "Answer {AnswerId}: {Status} (intent {Intent}, review {ReviewVerdict}, {CitationCount} citations, question {QuestionLength} chars) in {LatencyMs} ms",
            answerId, response.Status, run.Route?.Intent, response.ReviewVerdict, response.Citations.Count, request.Question.Length, response.LatencyMs);
        return response;
    }

    private async Task<Outcome> DecideAsync(AskRequest request, Caller caller, AskRun run, CancellationToken cancellationToken)
    {
        var screen = await run.Timings.TimeAsync("screen", () => compliance.ScreenAsync(new ScreenRequest(request.Question), cancellationToken));
        run.Findings = screen.Findings.Select(f => f.Kind).ToList();
        if (screen.Verdict == ScreenVerdicts.Refuse)
        {
            run.ScreenedQuestion = screen.Question ?? string.Empty;
            return new Outcome(AnswerStatus.Refused, AnswerSentences.Refused(screen.Reason));
        }

        run.ScreenedQuestion = screen.Verdict switch
        {
            _ when !string.IsNullOrWhiteSpace(screen.Question) => screen.Question,
            ScreenVerdicts.Allow => request.Question,
            // A redaction with no text left would send the router nothing (or, worse, tempt a fallback to the unredacted text).
            _ => throw new AgentUnavailableException(AgentNames.Compliance, "redaction returned no question"),
        };

        var history = await sessions.GetAsync(request.SessionId);
        var route = await run.Timings.TimeAsync("route", () => router.RouteAsync(new RouteRequest(run.ScreenedQuestion, history), cancellationToken));
        run.Route = route;
        if (route.Intent == Intents.Smalltalk)
        {
            return new Outcome(AnswerStatus.Answered, AnswerSentences.Smalltalk);
        }

        if (route.Intent == Intents.OutOfScope || route.Agents.Count == 0)
        {
            return new Outcome(AnswerStatus.NotFound, AnswerSentences.OutOfScope);
        }

        var planned = PlannedAgents(route);
        if (planned.Count == 0)
        {
            return new Outcome(AnswerStatus.NotFound, AnswerSentences.NothingFound);
        }

        var agentQuestion = string.IsNullOrWhiteSpace(route.RewrittenQuestion) ? run.ScreenedQuestion : route.RewrittenQuestion;
        // Every agent gets the same filters and the caller's groups: none may answer from a document the caller cannot read.
        var agentRequest = new AgentAnswerRequest(agentQuestion, request.TopK, request.Filters, caller.Groups);
        run.AgentsCalled = planned.Select(a => a.Name).ToList();
        var replies = await Task.WhenAll(planned.Select(agent => CallAsync(agent, agentRequest, cancellationToken)));
        foreach (var reply in replies)
        {
            run.Timings.Add(reply.Agent, reply.Elapsed);
        }

        var answered = replies.FirstOrDefault(r => r.Answer?.Status == AnswerStatus.Answered);
        if (answered is null)
        {
            // Without an answer, a failed agent might have had it: say so (503) rather than claim nothing was found.
            if (replies.FirstOrDefault(r => r.Failure is not null)?.Failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            var notFound = replies.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r.Answer?.Answer))?.Answer;
            return new Outcome(AnswerStatus.NotFound, notFound?.Answer ?? AnswerSentences.NothingFound);
        }

        foreach (var failed in replies.Where(r => r.Failure is not null))
        {
            logger.LogWarning(failed.Failure, "Agent {Agent} failed; answering with {AnsweredBy}", failed.Agent, answered.Agent);
        }

        return await ReviewAsync(run, answered.Answer!, cancellationToken);
    }

    /// <summary>The reviewer checks every sentence against the agent's contexts; <c>revise</c> earns exactly one more pass.</summary>
    private async Task<Outcome> ReviewAsync(AskRun run, AgentAnswer answer, CancellationToken cancellationToken)
    {
        var review = await ReviewOnceAsync(run, answer.Answer, answer.Contexts, cancellationToken);
        switch (review.Verdict)
        {
            case ReviewVerdicts.Pass:
                return Answered(answer.Answer, answer, ReviewVerdicts.Pass);

            case ReviewVerdicts.Revise when !string.IsNullOrWhiteSpace(review.RevisedAnswer):
                var second = await ReviewOnceAsync(run, review.RevisedAnswer, answer.Contexts, cancellationToken);
                return second.Verdict == ReviewVerdicts.Pass
                    ? Answered(review.RevisedAnswer, answer, ReviewVerdicts.Revise)
                    : new Outcome(AnswerStatus.NotFound, AnswerSentences.Unverified, ReviewVerdict: second.Verdict);

            case ReviewVerdicts.NeedsApproval:
                return new Outcome(AnswerStatus.NotFound, AnswerSentences.NeedsApproval, ReviewVerdict: review.Verdict);

            default: // block, or revise without a revision
                return new Outcome(AnswerStatus.NotFound, AnswerSentences.Unverified, ReviewVerdict: review.Verdict);
        }
    }

    private Task<ReviewResult> ReviewOnceAsync(AskRun run, string text, IReadOnlyList<AnswerContext> contexts, CancellationToken cancellationToken) =>
        run.Timings.TimeAsync("review", () => compliance.ReviewAsync(new ReviewRequest(run.ScreenedQuestion, text, contexts), cancellationToken));

    private static Outcome Answered(string text, AgentAnswer answer, string verdict) =>
        new(AnswerStatus.Answered, text, CitationMarkers.KeepReferenced(text, answer.Citations), verdict);

    private List<IAnsweringAgent> PlannedAgents(RouteDecision route)
    {
        var planned = new List<IAnsweringAgent>();
        foreach (var name in route.Agents.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_agents.TryGetValue(name, out var agent))
            {
                planned.Add(agent);
            }
            else
            {
                logger.LogWarning("Route plan names unknown agent {Agent}; skipping it", name);
            }
        }

        return planned;
    }

    private static async Task<AgentReply> CallAsync(IAnsweringAgent agent, AgentAnswerRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await agent.AnswerAsync(request, cancellationToken);
            return new AgentReply(agent.Name, answer, null, Stopwatch.GetElapsedTime(started));
        }
        catch (AgentUnavailableException ex)
        {
            return new AgentReply(agent.Name, null, ex, Stopwatch.GetElapsedTime(started));
        }
    }

    private sealed record AgentReply(string Agent, AgentAnswer? Answer, AgentUnavailableException? Failure, TimeSpan Elapsed);

    private sealed record Outcome(string Status, string Answer, IReadOnlyList<Citation>? Citations = null, string? ReviewVerdict = null)
    {
        public IReadOnlyList<Citation> Citations { get; } = Citations ?? [];
    }

    /// <summary>What one question's run learned along the way, for the response and the interaction record.</summary>
    private sealed class AskRun
    {
        public StageTimings Timings { get; } = new();
        public string ScreenedQuestion { get; set; } = string.Empty;
        public IReadOnlyList<string> Findings { get; set; } = [];
        public RouteDecision? Route { get; set; }
        public IReadOnlyList<string> AgentsCalled { get; set; } = [];
    }
}
