using System.Diagnostics.Metrics;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.ReportingAgent.Feedback;

/// <summary>
/// Keeps each <see cref="FeedbackGiven"/> from <c>sb:feedback</c> as the answer's verdict. Returning acknowledges the
/// entry, so it returns only once Redis holds the verdict; a redelivery writes the same verdict again (idempotent).
/// </summary>
public sealed class FeedbackHandler(FeedbackStore store, ILogger<FeedbackHandler> logger) : IEventHandler<FeedbackGiven>
{
    private static readonly Counter<long> Recorded = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.feedback.recorded", "{vote}", "Feedback verdicts written to the ledger (a verdict older than the one kept is not)");

    public async Task HandleAsync(FeedbackGiven feedback, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(feedback.AnswerId) || !FeedbackVerdicts.All.Contains(feedback.Verdict) || string.IsNullOrEmpty(feedback.Status))
        {
            // Thrown, not skipped: retried, then dead-lettered with the reason, where it can be inspected.
            throw new ArgumentException($"Feedback event {feedback.Id} has no answerId, status or a valid verdict.", nameof(feedback));
        }

        if (await store.PutAsync(FeedbackEntry.From(feedback)))
        {
            Recorded.Add(1, new KeyValuePair<string, object?>("verdict", feedback.Verdict));
            logger.LogDebug("Feedback {Verdict} on {AnswerId} kept", feedback.Verdict, feedback.AnswerId);
        }
        else
        {
            logger.LogDebug("Feedback event {EventId} on {AnswerId} is older than the verdict kept; ignored", feedback.Id, feedback.AnswerId);
        }
    }
}
