using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Switchboard.AgentCore;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Approvals;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Sessions;
using Switchboard.Gateway.Usage;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// One question end to end: screen → route (with the session's earlier turns, so a follow-up is rewritten into a
/// standalone question) → the answer cache → the planned agents → review (with one reflection pass) → store, remember
/// the turn, record the interaction with its usage. When an agent needed for the answer fails (unreachable, busy,
/// rejecting the request or out of time), its <see cref="AgentCallException"/> propagates: the Gateway never makes up
/// an answer without it. Every call gets the request's token, which is its deadline: once that passes nothing more is
/// asked of any agent; a question that was not answered is recorded only as <see cref="AnswerStatus.Failed"/>.
/// </summary>
public sealed class AskOrchestrator(
    ComplianceClient compliance,
    RouterClient router,
    IEnumerable<IAnsweringAgent> answeringAgents,
    AnswerStore answers,
    ConversationMemory memory,
    AnswerCache cache,
    AnswerUsageAccounting usage,
    ApprovalGate approvals,
    IEventPublisher events,
    ILogger<AskOrchestrator> logger)
{
    private readonly Dictionary<string, IAnsweringAgent> _agents =
        answeringAgents.ToDictionary(agent => agent.Name, StringComparer.OrdinalIgnoreCase);

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

        var run = new AskRun(context?.OnStage);
        Outcome outcome;
        try
        {
            outcome = await DecideAsync(request, caller, context?.Conversation, run, cancellationToken);
        }
        catch (AgentCallException ex)
        {
            AskMetrics.Record(ex.Outcome, run.Route?.Intent, Stopwatch.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Title);
            await RecordFailureAsync(answerId, run, ex, Stopwatch.GetElapsedTime(started));
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
            DateTimeOffset.UtcNow)
        {
            Usage = run.Cached ? AnswerUsageAccounting.Cached : AnswerUsageAccounting.Sum(run.Usages),
            Cached = run.Cached,
            Prompt = run.Prompt,
            Risk = run.Risk,
        };

        // A held answer: the asker gets its id to poll; the item goes on the approvals stream, whose consumer group queues it.
        ApprovalItem? held = null;
        if (run.Held is { } hold)
        {
            held = approvals.NewItem(answerId, run.ScreenedQuestion, hold.Answer, hold.Citations, run.Route?.Intent,
                response.ReviewVerdict, run.Risk, hold.Triggers, response.TraceId);
            response = response with { Approval = new ApprovalState(ApprovalStatus.Pending, held.ExpiresAt) };
        }

        // Recording must not depend on the client still listening: the answer was produced and is accounted for.
        await answers.SaveAsync(response);
        if (held is not null)
        {
            await events.PublishAsync(Streams.Approvals, new ApprovalRecorded(ApprovalRecorded.Requested, held), CancellationToken.None);
        }

        if (run.CacheKey is { } cacheKey)
        {
            await cache.SetAsync(cacheKey, new CachedAnswer(response.Status, response.Answer, response.Citations, response.ReviewVerdict));
        }

        if (outcome.Status != AnswerStatus.Refused)
        {
            await memory.AppendAsync(caller, request.SessionId, new SessionTurn(
                run.ScreenedQuestion,
                run.AgentQuestion is { } asked && asked != run.ScreenedQuestion ? asked : null,
                response.Status,
                response.Answer,
                response.Citations.Select(c => c.DocumentName).Distinct(StringComparer.Ordinal).ToList(),
                response.CreatedAt));
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
            response.TraceId)
        {
            Usage = response.Usage,
            Cached = response.Cached,
            AgentQuestion = run.AgentQuestion is { } standalone && standalone != run.ScreenedQuestion ? standalone : null,
        }, CancellationToken.None);

        AskMetrics.Record(response.Status, run.Route?.Intent, elapsed);
        AskMetrics.RecordStages(timings);
        AskMetrics.RecordUsage(run.Usages);
        activity?.SetTag("switchboard.status", response.Status);
        activity?.SetTag("switchboard.cached", response.Cached);
        activity?.SetTag("switchboard.intent", run.Route?.Intent);
        // Never the question text (it may hold personal data): its length and the outcome are enough to debug.
        logger.LogInformation(
            "Answer {AnswerId}: {Status} (intent {Intent}, review {ReviewVerdict}, {CitationCount} citations, question {QuestionLength} chars, cached {Cached}, {InputTokens}+{OutputTokens} tokens) in {LatencyMs} ms",
            answerId, response.Status, run.Route?.Intent, response.ReviewVerdict, response.Citations.Count, request.Question.Length, response.Cached,
            response.Usage?.InputTokens, response.Usage?.OutputTokens, response.LatencyMs);
        return response;
    }

    private async Task<Outcome> DecideAsync(
        AskRequest request, Caller caller, IReadOnlyList<string>? conversation, AskRun run, CancellationToken cancellationToken)
    {
        run.Caller = caller;
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

        IReadOnlyList<ConversationTurn> turns = conversation switch
        {
            null => (await memory.GetAsync(caller, request.SessionId)).Select(t => new ConversationTurn(t.Question, t.RewrittenQuestion, t.Answer)).ToList(),
            { Count: 0 } => [],
            _ => await run.Timings.TimeAsync("history", () => ScreenConversationAsync(conversation, cancellationToken)),
        };
        var routeRequest = new RouteRequest(run.ScreenedQuestion, turns.Select(t => t.Question).ToList()) { Turns = turns };
        var route = await run.Timings.TimeAsync("route", () => router.RouteAsync(routeRequest, cancellationToken));
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
        run.AgentQuestion = agentQuestion;
        string? cacheKey = null;
        if (cache.Enabled)
        {
            cacheKey = await cache.KeyAsync(agentQuestion, route.Intent, request, caller);
            if (await run.Timings.TimeAsync("cache", () => cache.GetAsync(cacheKey)) is { } hit)
            {
                run.Cached = true;
                return new Outcome(hit.Status, hit.Answer, hit.Citations, hit.ReviewVerdict);
            }
        }

        // Every agent gets the same filters and the caller's groups: none may answer from a document the caller cannot read.
        var agentRequest = new AgentAnswerRequest(agentQuestion, request.TopK, request.Filters, caller.Groups);
        run.AgentsCalled = planned.Select(a => a.Name).ToList();
        run.OnStage?.Invoke(new AskStage(AskStage.Answer, run.AgentsCalled));
        var replies = await Task.WhenAll(planned.Select(agent => CallAsync(agent, agentRequest, cancellationToken)));
        foreach (var reply in replies)
        {
            run.Timings.Add(reply.Agent, reply.Elapsed);
            if (reply.Answer is { } agentAnswer)
            {
                run.Usages.Add(usage.For(agentQuestion, agentAnswer));
            }
        }

        // Only an outcome every planned agent took part in may be reused: one that a failing agent shaped may not be the answer.
        var outcome = await AnswerFromAsync(run, replies, cancellationToken);
        if (cacheKey is not null && replies.All(r => r.Failure is null) && IsCacheable(outcome))
        {
            run.CacheKey = cacheKey;
        }

        return outcome;
    }

    /// <summary>
    /// The earlier questions of a conversation the client sent itself (OpenAI chat) are screened like the question, so
    /// only screened text reaches the router, as with the session memory: a refused one is left out (a session never
    /// keeps refused questions), a redacted one goes with its personal data replaced. A few at a time, so a long
    /// conversation does not crowd the ComplianceAgent.
    /// </summary>
    private async Task<IReadOnlyList<ConversationTurn>> ScreenConversationAsync(IReadOnlyList<string> questions, CancellationToken cancellationToken)
    {
        var screened = new string?[questions.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, questions.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var screen = await compliance.ScreenAsync(new ScreenRequest(questions[i]), token);
                screened[i] = screen.Verdict switch
                {
                    ScreenVerdicts.Refuse => null,
                    _ when !string.IsNullOrWhiteSpace(screen.Question) => screen.Question,
                    ScreenVerdicts.Allow => questions[i],
                    _ => null,
                };
            });
        return screened.OfType<string>().Select(question => new ConversationTurn(question)).ToList();
    }

    /// <summary>
    /// A question that got an error instead of an answer is recorded as <see cref="AnswerStatus.Failed"/> (the ledger's
    /// error series and anomaly detection count it; nothing else is stored for it). Recording never hides the failure.
    /// </summary>
    private async Task RecordFailureAsync(string answerId, AskRun run, AgentCallException failure, TimeSpan elapsed)
    {
        try
        {
            await events.PublishAsync(Streams.Interactions, new InteractionRecorded(
                answerId, run.ScreenedQuestion, AnswerStatus.Failed, run.Route?.Intent, run.Route?.Confidence, run.AgentsCalled,
                null, 0, Math.Round(elapsed.TotalMilliseconds, 1), run.Timings.Snapshot(), run.Findings, Activity.Current?.TraceId.ToHexString())
            {
                Usage = run.Usages.Count > 0 ? AnswerUsageAccounting.Sum(run.Usages) : null,
                Failure = failure.Outcome,
            }, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Failed question {AnswerId} not recorded", answerId);
        }
    }

    /// <summary>Answered and not-found outcomes are worth reusing; refusals, errors and answers awaiting approval never are.</summary>
    private static bool IsCacheable(Outcome outcome) =>
        outcome.Status is AnswerStatus.Answered or AnswerStatus.NotFound && outcome.ReviewVerdict != ReviewVerdicts.NeedsApproval;

    private async Task<Outcome> AnswerFromAsync(AskRun run, AgentReply[] replies, CancellationToken cancellationToken)
    {
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

        run.Prompt = answered.Answer!.Prompt;
        return await ReviewAsync(run, answered.Answer!, cancellationToken);
    }

    /// <summary>The reviewer checks every sentence against the agent's contexts; <c>revise</c> earns exactly one more pass.</summary>
    private async Task<Outcome> ReviewAsync(AskRun run, AgentAnswer answer, CancellationToken cancellationToken)
    {
        var review = await ReviewOnceAsync(run, answer.Answer, answer.Contexts, cancellationToken);
        switch (review.Verdict)
        {
            case ReviewVerdicts.Pass:
                return await ReleaseOrHoldAsync(run, answer.Answer, answer, ReviewVerdicts.Pass, review, cancellationToken);

            case ReviewVerdicts.Revise when !string.IsNullOrWhiteSpace(review.RevisedAnswer):
                var second = await ReviewOnceAsync(run, review.RevisedAnswer, answer.Contexts, cancellationToken);
                return second.Verdict == ReviewVerdicts.Pass
                    ? await ReleaseOrHoldAsync(run, review.RevisedAnswer, answer, ReviewVerdicts.Revise, second, cancellationToken)
                    : new Outcome(AnswerStatus.NotFound, AnswerSentences.Unverified, ReviewVerdict: second.Verdict);

            case ReviewVerdicts.NeedsApproval when approvals.Enabled:
                return await ReleaseOrHoldAsync(run, answer.Answer, answer, ReviewVerdicts.NeedsApproval, review, cancellationToken);

            case ReviewVerdicts.NeedsApproval:
                return new Outcome(AnswerStatus.NotFound, AnswerSentences.NeedsApproval, ReviewVerdict: review.Verdict);

            default: // block, or revise without a revision
                return new Outcome(AnswerStatus.NotFound, AnswerSentences.Unverified, ReviewVerdict: review.Verdict);
        }
    }

    private async Task<ReviewResult> ReviewOnceAsync(AskRun run, string text, IReadOnlyList<AnswerContext> contexts, CancellationToken cancellationToken)
    {
        var review = await run.Timings.TimeAsync("review", () => compliance.ReviewAsync(new ReviewRequest(run.AgentQuestion ?? run.ScreenedQuestion, text, contexts), cancellationToken));
        if (review.Usage is { } reviewUsage)
        {
            run.Usages.Add(reviewUsage);
        }

        return review;
    }

    /// <summary>
    /// The RiskAgent scores the reviewed answer and the approval policy decides: it leaves now, or it waits for a person
    /// (<c>pending_approval</c>; the asker sees neither its text nor its sources until it is approved).
    /// </summary>
    private async Task<Outcome> ReleaseOrHoldAsync(
        AskRun run, string text, AgentAnswer answer, string verdict, ReviewResult review, CancellationToken cancellationToken)
    {
        var citations = CitationMarkers.KeepReferenced(text, answer.Citations);
        var (risk, triggers) = await run.Timings.TimeAsync("risk", () => approvals.CheckAsync(
            run.AgentQuestion ?? run.ScreenedQuestion, text, citations, run.Route?.Intent, verdict, review, run.Caller, cancellationToken));
        run.Risk = risk;
        if (risk?.Usage is { } riskUsage)
        {
            run.Usages.Add(riskUsage);
        }

        if (triggers.Count == 0)
        {
            return new Outcome(AnswerStatus.Answered, text, citations, verdict);
        }

        run.Held = new HeldAnswer(text, citations, triggers);
        return new Outcome(AnswerStatus.PendingApproval, AnswerSentences.PendingApproval, ReviewVerdict: verdict);
    }

    private sealed record HeldAnswer(string Answer, IReadOnlyList<Citation> Citations, IReadOnlyList<string> Triggers);

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
        catch (AgentCallException ex)
        {
            return new AgentReply(agent.Name, null, ex, Stopwatch.GetElapsedTime(started));
        }
    }

    private sealed record AgentReply(string Agent, AgentAnswer? Answer, AgentCallException? Failure, TimeSpan Elapsed);

    private sealed record Outcome(string Status, string Answer, IReadOnlyList<Citation>? Citations = null, string? ReviewVerdict = null)
    {
        public IReadOnlyList<Citation> Citations { get; } = Citations ?? [];
    }

    /// <summary>What one question's run learned along the way, for the response and the interaction record.</summary>
    private sealed class AskRun(Action<AskStage>? onStage)
    {
        public StageTimings Timings { get; } = new(StageReporter(onStage));

        /// <summary>Told as each stage starts (the streaming front doors); null for a plain question.</summary>
        public Action<AskStage>? OnStage { get; } = onStage;

        public string ScreenedQuestion { get; set; } = string.Empty;
        public IReadOnlyList<string> Findings { get; set; } = [];
        public RouteDecision? Route { get; set; }
        public IReadOnlyList<string> AgentsCalled { get; set; } = [];

        /// <summary>The standalone question the agents were (or would have been) asked.</summary>
        public string? AgentQuestion { get; set; }

        /// <summary>Usage reported or estimated per agent answer and review pass.</summary>
        public List<AnswerUsage> Usages { get; } = [];

        public bool Cached { get; set; }

        /// <summary>The prompt template the answering agent's model used; null for extractive and tool answers.</summary>
        public PromptReference? Prompt { get; set; }

        /// <summary>Set when the outcome may be stored in the answer cache under this key.</summary>
        public string? CacheKey { get; set; }

        public Caller Caller { get; set; } = Caller.Anonymous;

        /// <summary>The RiskAgent's assessment of the answer; null when none was made.</summary>
        public RiskAssessment? Risk { get; set; }

        /// <summary>Set when the approval policy held the answer for a person.</summary>
        public HeldAnswer? Held { get; set; }

        private static Action<string>? StageReporter(Action<AskStage>? onStage) =>
            onStage is null ? null : stage => onStage(new AskStage(stage));
    }
}
