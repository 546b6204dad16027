using System.Diagnostics;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Approvals;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Sessions;
using Switchboard.Gateway.Usage;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// What stays of a question once it is decided: the answer (for <c>GET /v1/ask/{id}</c>), a held answer on the approvals
/// stream, the cache entry, the session's turn, <c>InteractionRecorded</c> on <c>sb:interactions</c> (the ledger and the
/// audit log), the metrics and one log line. It runs with no cancellation: recording must not depend on the client
/// still listening, the answer was produced and is accounted for.
/// </summary>
public sealed class AskRecorder(
    AnswerStore answers, ConversationMemory memory, AnswerCache cache, IEventPublisher events, ILogger<AskOrchestrator> logger)
{
    public async Task RecordAsync(AskRun run, AskResponse response, ApprovalItem? held)
    {
        await answers.SaveAsync(response);
        if (held is not null)
        {
            await events.PublishAsync(Streams.Approvals, new ApprovalRecorded(ApprovalRecorded.Requested, held), CancellationToken.None);
        }

        if (run.CacheKey is { } cacheKey)
        {
            await cache.SetAsync(cacheKey, new CachedAnswer(response.Status, response.Answer, response.Citations, response.ReviewVerdict));
        }

        if (response.Status != AnswerStatus.Refused)
        {
            await memory.AppendAsync(run.Caller, run.Request.SessionId, new SessionTurn(
                run.ScreenedQuestion,
                run.AgentQuestion is { } asked && asked != run.ScreenedQuestion ? asked : null,
                response.Status,
                response.Answer,
                response.Citations.Select(c => c.DocumentName).Distinct(StringComparer.Ordinal).ToList(),
                response.CreatedAt));
        }

        await events.PublishAsync(Streams.Interactions, new InteractionRecorded(
            response.AnswerId,
            run.ScreenedQuestion,
            response.Status,
            run.Route?.Intent,
            run.Route?.Confidence,
            run.AgentsCalled,
            response.ReviewVerdict,
            response.Citations.Count,
            response.LatencyMs,
            response.Timings,
            run.Findings,
            response.TraceId)
        {
            Usage = response.Usage,
            Cached = response.Cached,
            AgentQuestion = run.AgentQuestion is { } standalone && standalone != run.ScreenedQuestion ? standalone : null,
            SourceFindings = run.Reviewed?.Review.SourceFindings.Select(f => $"[{f.Context}] {f.Rule}").ToList() ?? [],
        }, CancellationToken.None);

        AskMetrics.Record(response.Status, run.Route?.Intent, TimeSpan.FromMilliseconds(response.LatencyMs));
        AskMetrics.RecordStages(response.Timings);
        AskMetrics.RecordUsage(run.Usages);
        // Never the question text (it may hold personal data): its length and the outcome are enough to debug. Debug, not
        // Information: every answer is already in the ledger, the audit log, a span and the metrics, and this line (console
        // plus the OTLP log export) was ~10 % of the Gateway's CPU at saturation (profiled, Tests/Load/RESULTS.md).
        logger.LogDebug(
            "Answer {AnswerId}: {Status} (intent {Intent}, review {ReviewVerdict}, {CitationCount} citations, question {QuestionLength} chars, cached {Cached}, {InputTokens}+{OutputTokens} tokens) in {LatencyMs} ms",
            response.AnswerId, response.Status, run.Route?.Intent, response.ReviewVerdict, response.Citations.Count, run.Request.Question.Length, response.Cached,
            response.Usage?.InputTokens, response.Usage?.OutputTokens, response.LatencyMs);
    }

    /// <summary>
    /// A question that got an error instead of an answer is recorded as <see cref="AnswerStatus.Failed"/> (the ledger's
    /// error series and anomaly detection count it; nothing else is stored for it). Recording never hides the failure.
    /// </summary>
    public async Task RecordFailureAsync(string answerId, AskRun run, AgentCallException failure, TimeSpan elapsed)
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
}
