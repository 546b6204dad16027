using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.ReportingAgent.Ledger;

/// <summary>One interaction as the ledger keeps it: outcome, route and cost in time, never the question text.</summary>
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
    /// <summary>Tokens and cost of the answer; null for interactions recorded before usage accounting (counted as 0).</summary>
    public AnswerUsage? Usage { get; init; }

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
    };
}
