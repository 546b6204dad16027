using System.Diagnostics;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// Approve, edit, reject or expire a held answer: the decision is committed in the queue together with the asker's
/// answer (<see cref="ApprovalQueue.DecideAsync"/>), then published on <see cref="Streams.Approvals"/>, where the
/// ComplianceAgent's consumer group writes it to the audit log with who and when.
/// </summary>
public sealed partial class ApprovalDecisions(
    ApprovalQueue queue, AnswerStore answers, IEventPublisher events, TimeProvider time, ILogger<ApprovalDecisions> logger)
{
    public const string SystemActor = "system";

    /// <returns>The decided item; or null with the item's current status (<see cref="ApprovalQueue.Missing"/> when unknown).</returns>
    public async Task<(ApprovalItem? Decided, string? CurrentStatus)> DecideAsync(
        string id, string status, string actor, string? reason, string? editedAnswer = null)
    {
        var item = await queue.GetAsync(id);
        if (item is null)
        {
            return (null, ApprovalQueue.Missing);
        }

        if (item.Status != ApprovalStatus.Pending)
        {
            return (null, item.Status);
        }

        var decided = item with
        {
            Status = status,
            DecidedBy = actor,
            DecidedAt = time.GetUtcNow(),
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            EditedAnswer = editedAnswer,
        };
        var answer = await AskerAnswerAsync(decided);
        if (await queue.DecideAsync(decided, answer) is { } current)
        {
            return (null, current);
        }

        // Committed: the audit trail follows. A crash right here would leave the decision without its audit entry; the
        // queue item still records who and when (see Gateway/README.md, Approvals).
        using var activity = SwitchboardTelemetry.ActivitySource.StartActivity("approval " + status);
        activity?.SetTag("switchboard.answer_id", id);
        await events.PublishAsync(Streams.Approvals, new ApprovalRecorded(status, decided), CancellationToken.None);
        LogDecided(id, status, decided.Triggers.Count);
        return (decided, null);
    }

    /// <summary>What the asker sees once the item is decided.</summary>
    private async Task<AskResponse> AskerAnswerAsync(ApprovalItem decided)
    {
        IReadOnlyList<Citation> none = [];
        (string Status, string Text, IReadOnlyList<Citation> Citations) shown = decided.Status switch
        {
            ApprovalStatus.Approved => (AnswerStatus.Answered, decided.Answer, decided.Citations),
            ApprovalStatus.Edited => (AnswerStatus.Answered, decided.EditedAnswer!, CitationMarkers.KeepReferenced(decided.EditedAnswer!, decided.Citations)),
            ApprovalStatus.Rejected => (AnswerStatus.Rejected, AnswerSentences.ApprovalRejected(decided.Reason), none),
            _ => (AnswerStatus.Expired, AnswerSentences.ApprovalExpired, none),
        };
        var (status, text, citations) = shown;
        var state = new ApprovalState(decided.Status, decided.ExpiresAt, decided.DecidedBy, decided.DecidedAt, decided.Reason);
        var stored = await answers.GetAsync(decided.Id);
        return stored is null
            ? new AskResponse(decided.Id, status, text, citations, null, decided.ReviewVerdict, new Dictionary<string, double>(), 0,
                decided.TraceId ?? Activity.Current?.TraceId.ToHexString(), decided.CreatedAt) { Risk = decided.Risk, Approval = state }
            : stored with { Status = status, Answer = text, Citations = citations, Approval = state };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval {AnswerId}: {Status} ({TriggerCount} triggers)")]
    private partial void LogDecided(string answerId, string status, int triggerCount);
}
