using System.Text.RegularExpressions;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>One sentence of a model's reply as written (markers kept) and the source numbers it cites.</summary>
internal sealed record ModelSentence(string Text, IReadOnlyList<int> Cites)
{
    /// <summary>The sentence without its citation markers, for matching it against the sources.</summary>
    public string Plain => ModelReply.StripMarkers(Text);
}

/// <summary>
/// Reads a model's reply to the retrieval-answer prompt: the NOT_FOUND marker, or sentences with <c>[n]</c> markers.
/// Only sentences whose every marker names a source that was provided are kept; a sentence without a marker, or one
/// that cites a source the model was never given, is dropped, because nothing could verify it.
/// </summary>
internal static partial class ModelReply
{
    /// <summary>True when the reply is the fallback marker (allowing the quotes, a period or code fences a model may add).</summary>
    public static bool IsNotFound(string reply) =>
        string.Equals(reply.Trim().Trim('`', '"', '\'', '.', ' ', '\n').Trim(), PromptNames.NotFoundMarker, StringComparison.OrdinalIgnoreCase);

    public static (List<ModelSentence> Kept, int Dropped) CitedSentences(string reply, ISet<int> provided)
    {
        var kept = new List<ModelSentence>();
        var dropped = 0;
        foreach (var raw in SentenceBreak().Split(reply.Trim()))
        {
            var text = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (text.Length == 0)
            {
                continue;
            }

            var cites = Markers().Matches(text)
                .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Select(n => int.TryParse(n, out var v) ? v : -1)
                .Distinct()
                .ToList();
            if (cites.Count == 0 || !cites.All(provided.Contains) || StripMarkers(text).Length == 0)
            {
                dropped++;
                continue;
            }

            kept.Add(new ModelSentence(text, cites));
        }

        return (kept, dropped);
    }

    public static string StripMarkers(string text) => string.Join(' ',
        Markers().Replace(text, " ").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace(" .", ".", StringComparison.Ordinal).Trim();

    /// <summary>Rewrites each marker's numbers through <paramref name="map"/> (source number → citation number).</summary>
    public static string Renumber(string text, IReadOnlyDictionary<int, int> map) =>
        Markers().Replace(text, m => "[" + string.Join(", ", m.Groups[1].Value
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => map[int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)])
            .Distinct()) + "]");

    // "[1]", "[1, 2]".
    [GeneratedRegex(@"\[(\d+(?:\s*,\s*\d+)*)\]")]
    private static partial Regex Markers();

    // After sentence punctuation (and any markers that follow it) and before the next sentence; a marker placed after
    // the period ("... 5 days. [1]") stays with its sentence.
    [GeneratedRegex(@"(?<=[.!?](?:\s*\[\d+(?:\s*,\s*\d+)*\])*)\s+(?!\[)|\n+")]
    private static partial Regex SentenceBreak();
}
