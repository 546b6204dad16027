using Switchboard.AgentCore.Contracts;

namespace Switchboard.ReportingAgent.Feedback;

/// <summary>The latest verdict on one answer as the ledger keeps it, with what an evaluation case needs.</summary>
public sealed record FeedbackEntry(
    string AnswerId,
    string Verdict,
    DateTimeOffset GivenAt,
    string? Comment,
    string? Correction,
    string? Question,
    string Status,
    string? Intent,
    string Answer,
    IReadOnlyList<FeedbackCitation> Citations,
    DateTimeOffset AnsweredAt,
    string EventId)
{
    /// <summary>The intent the asker says the question should have had (see <see cref="FeedbackGiven.CorrectedIntent"/>).</summary>
    public string? CorrectedIntent { get; init; }

    public static FeedbackEntry From(FeedbackGiven feedback) => new(
        feedback.AnswerId,
        feedback.Verdict,
        feedback.OccurredAt.ToUniversalTime(),
        feedback.Comment,
        feedback.Correction,
        feedback.Question,
        feedback.Status,
        feedback.Intent,
        feedback.Answer ?? string.Empty,
        feedback.Citations ?? [],
        feedback.AnsweredAt.ToUniversalTime(),
        feedback.Id)
    {
        CorrectedIntent = feedback.CorrectedIntent,
    };
}

/// <summary>
/// Satisfaction over a set of verdicts: <see cref="Score"/> = 5 × thumbs-up ÷ all verdicts, on the SOP's 0–5 scale
/// (its rollback trigger is a score below 3, i.e. fewer than 60 % thumbs-up); null without any verdict.
/// </summary>
public sealed record SatisfactionFigures(int Up, int Down)
{
    public static SatisfactionFigures None { get; } = new(0, 0);

    public int Votes => Up + Down;

    public double? Score => Votes == 0 ? null : Math.Round(5.0 * Up / Votes, 2);

    public static SatisfactionFigures Of(IEnumerable<FeedbackEntry> entries)
    {
        int up = 0, down = 0;
        foreach (var entry in entries)
        {
            if (entry.Verdict == FeedbackVerdicts.Up)
            {
                up++;
            }
            else if (entry.Verdict == FeedbackVerdicts.Down)
            {
                down++;
            }
        }

        return new SatisfactionFigures(up, down);
    }
}
