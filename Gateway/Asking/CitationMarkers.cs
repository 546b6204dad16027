using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Asking;

/// <summary>The <c>[n]</c> (or <c>[n, m]</c>) markers an answer uses to point at its numbered citations.</summary>
public static partial class CitationMarkers
{
    public static IReadOnlySet<int> Referenced(string answer) =>
        Marker().Matches(answer)
            .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(n => int.TryParse(n, out var number) ? number : -1)
            .Where(n => n >= 0)
            .ToHashSet();

    /// <summary>Only the citations the final text still refers to: a sentence removed by review takes its sources with it.</summary>
    public static IReadOnlyList<Citation> KeepReferenced(string answer, IReadOnlyList<Citation> citations)
    {
        var referenced = Referenced(answer);
        return citations.Where(c => referenced.Contains(c.Number)).OrderBy(c => c.Number).ToList();
    }

    [GeneratedRegex(@"\[(\d+(?:\s*,\s*\d+)*)\]")]
    private static partial Regex Marker();
}
