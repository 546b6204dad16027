namespace Switchboard.AgentCore.Contracts;

/// <summary>
/// A person's verdict on one answer (<c>POST /v1/answers/{id}/feedback</c>), published on <see cref="Streams.Feedback"/>
/// for the ReportingAgent's ledger. It carries what an evaluation case needs, because the answer itself expires from the
/// Gateway: the question the agents answered (screened, standalone), the outcome and the cited sources. One verdict per
/// answer is kept: a later event (by <see cref="IntegrationEvent.OccurredAt"/>) replaces an earlier one.
/// </summary>
/// <param name="AnswerId">The Gateway's answer id.</param>
/// <param name="Verdict"><see cref="FeedbackVerdicts.Up"/> or <see cref="FeedbackVerdicts.Down"/>.</param>
/// <param name="Comment">Optional free text (screened for PII like a question), at most <see cref="FeedbackLimits.MaxCommentLength"/>.</param>
/// <param name="Correction">Optional: what the right answer says, at most <see cref="FeedbackLimits.MaxCorrectionLength"/> (screened).</param>
/// <param name="Question">The standalone question the agents answered (screened text); null when it never reached the router.</param>
/// <param name="Status">The answer's status (<see cref="AnswerStatus"/>).</param>
/// <param name="Intent">The routed intent; null when it was not routed.</param>
/// <param name="Answer">The answer text as the asker saw it.</param>
/// <param name="Citations">The answer's sources.</param>
/// <param name="AnsweredAt">When the answer was produced.</param>
public sealed record FeedbackGiven(
    string AnswerId,
    string Verdict,
    string? Comment,
    string? Correction,
    string? Question,
    string Status,
    string? Intent,
    string Answer,
    IReadOnlyList<FeedbackCitation> Citations,
    DateTimeOffset AnsweredAt) : IntegrationEvent
{
    /// <summary>
    /// Optional: the intent the question should have been routed to (one of <see cref="Intents.All"/>), when the asker
    /// says the router got it wrong. Corrected intents retrain the router's classifier (Tools/RouterTraining).
    /// </summary>
    public string? CorrectedIntent { get; init; }
}

/// <summary>One source of an answer, as feedback keeps it (name and location; no chunk text).</summary>
public sealed record FeedbackCitation(int Number, string DocumentName, int? Page = null, int? Row = null);

public static class FeedbackVerdicts
{
    public const string Up = "up";
    public const string Down = "down";

    public static readonly IReadOnlyList<string> All = [Up, Down];
}

public static class FeedbackLimits
{
    public const int MaxCommentLength = 1000;
    public const int MaxCorrectionLength = 500;
}
