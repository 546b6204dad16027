using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Review;

/// <summary>The review's two lists: the questions most often not found and the stages that took longest.</summary>
public static partial class ReviewRankings
{
    /// <summary>
    /// Not-found entries grouped by their question (case, spacing and closing punctuation ignored), most often asked
    /// first, then most recently; the newest wording of each is shown. At most <paramref name="limit"/> are listed.
    /// </summary>
    public static TopNotFound TopNotFound(IEnumerable<LedgerEntry> entries, int limit)
    {
        var notFound = entries.Where(e => e.Status == AnswerStatus.NotFound).ToList();
        var groups = notFound
            .Where(e => !string.IsNullOrWhiteSpace(e.Question))
            .GroupBy(e => Normalize(e.Question!), StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.MaxBy(e => e.OccurredAt)!;
                return new NotFoundQuestion(latest.Question!, g.Count(), latest.OccurredAt, latest.Intent);
            })
            .ToList();
        var top = groups
            .OrderByDescending(q => q.Count)
            .ThenByDescending(q => q.LastAskedAt)
            .ThenBy(q => q.Question, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new TopNotFound(top, groups.Count, notFound.Count(e => string.IsNullOrWhiteSpace(e.Question)));
    }

    /// <summary>p50 and p95 (nearest rank) of every stage the entries recorded, slowest p95 first.</summary>
    public static IReadOnlyList<StageLatency> Stages(IEnumerable<LedgerEntry> entries) =>
        entries
            .SelectMany(e => e.Stages ?? new Dictionary<string, double>())
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var sorted = g.Select(s => s.Value).Order().ToList();
                return new StageLatency(g.Key, sorted.Count, UsageReportBuilder.NearestRank(sorted, 50), UsageReportBuilder.NearestRank(sorted, 95));
            })
            .OrderByDescending(s => s.P95Ms)
            .ThenBy(s => s.Stage, StringComparer.Ordinal)
            .ToList();

    /// <summary>The grouping key: lower case, one space between words, no closing punctuation.</summary>
    public static string Normalize(string question) =>
        Spaces().Replace(question.Trim().ToLowerInvariant(), " ").TrimEnd('?', '!', '.', ' ', '…');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
