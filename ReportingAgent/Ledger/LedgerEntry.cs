using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.ReportingAgent.Ledger;

/// <summary>
/// One interaction as the ledger keeps it: outcome, route, stage times and cost in time. The question text is kept only
/// for a not-found question (the screened, standalone text), for the review's top not-found questions.
/// </summary>
public sealed record LedgerEntry(
    string AnswerId,
    DateTimeOffset OccurredAt,
    string Status,
    string? Intent,
    double LatencyMs,
    IReadOnlyList<string> Agents,
    string? ReviewVerdict,
    int CitationCount)
{
    /// <summary>Longest not-found question kept, in characters (longer ones are cut: the review lists them, it does not replay them).</summary>
    public const int MaxQuestionLength = 300;

    /// <summary>Tokens and cost of the answer; null for interactions recorded before usage accounting (counted as 0).</summary>
    public AnswerUsage? Usage { get; init; }

    /// <summary>Milliseconds per stage (screen, route, retrieval, review, …; not "total"); null for entries recorded before stages were kept.</summary>
    public IReadOnlyDictionary<string, double>? Stages { get; init; }

    /// <summary>The screened question the agents could not answer, for <see cref="AnswerStatus.NotFound"/> entries only.</summary>
    public string? Question { get; init; }

    /// <summary>For <see cref="AnswerStatus.Failed"/>: the outcome that failed it (unavailable, busy, rejected, timeout).</summary>
    public string? Failure { get; init; }

    public static LedgerEntry From(InteractionRecorded interaction) => new(
        interaction.AnswerId,
        interaction.OccurredAt.ToUniversalTime(),
        interaction.Status,
        interaction.Intent,
        interaction.LatencyMs,
        interaction.Agents ?? [],
        interaction.ReviewVerdict,
        interaction.CitationCount)
    {
        Usage = interaction.Usage,
        Stages = interaction.Timings?
            .Where(t => t.Key != "total")
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        Question = interaction.Status == AnswerStatus.NotFound ? NotFoundText(interaction) : null,
        Failure = interaction.Failure,
    };

    /// <summary>The standalone question when the router rewrote a follow-up (the question alone says "and in 2023?"), else the screened one.</summary>
    private static string? NotFoundText(InteractionRecorded interaction)
    {
        var text = (string.IsNullOrWhiteSpace(interaction.AgentQuestion) ? interaction.Question : interaction.AgentQuestion)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text.Length <= MaxQuestionLength ? text : text[..MaxQuestionLength] + "…";
    }
}
