using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>
/// Splits an answer into sentences and reads each sentence's <c>[n]</c> citation markers. Markers written after the
/// full stop ("… text. [1]", as the RetrievalAgent writes them) belong to the sentence before them. A marker that is
/// followed by a new capitalised sentence also ends one, which covers CSV-row answers without a full stop
/// ("Header: value; Header: value [1] Header: …"). Line breaks always end a sentence. Common abbreviations
/// (e.g., i.e., Dr.) and decimals do not.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp", "st", "no", "fig",
        "approx", "jr", "sr", "u.s", "u.k", "e.u", "cf", "al", "dept", "est", "vol", "p", "pp",
    };

    public static IReadOnlyList<AnswerSentence> Split(string answer)
    {
        var sentences = new List<AnswerSentence>();
        foreach (var line in answer.Split('\n'))
        {
            var start = 0;
            foreach (Match end in SentenceEnd().Matches(line))
            {
                if (EndsWithAbbreviation(line, end))
                {
                    continue;
                }

                Add(sentences, line[start..(end.Index + end.Length)]);
                start = end.Index + end.Length;
            }

            Add(sentences, line[start..]);
        }

        return sentences;
    }

    /// <summary>The sentence without its citation markers, with the space before each marker removed.</summary>
    public static string StripMarkers(string sentence) =>
        Whitespace().Replace(Marker().Replace(sentence, string.Empty), " ").Replace(" .", ".", StringComparison.Ordinal).Trim();

    public static IReadOnlyList<int> CitesOf(string sentence) =>
        Marker().Matches(sentence)
            .SelectMany(m => m.Groups["numbers"].Value.Split([',', ';'], StringSplitOptions.TrimEntries))
            .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1)
            .Where(n => n >= 0)
            .Distinct()
            .ToList();

    private static void Add(List<AnswerSentence> sentences, string segment)
    {
        var original = segment.Trim();
        if (original.Length == 0)
        {
            return;
        }

        var text = StripMarkers(original);
        if (text.Length == 0 && sentences.Count > 0)
        {
            // A lone marker after the split point ("… text.\n[2]") still belongs to the sentence before it.
            var previous = sentences[^1];
            var merged = previous.Original + " " + original;
            sentences[^1] = new AnswerSentence(merged, previous.Text, CitesOf(merged));
            return;
        }

        sentences.Add(new AnswerSentence(original, text, CitesOf(original)));
    }

    private static bool EndsWithAbbreviation(string line, Match end)
    {
        if (!end.Value.StartsWith('.') || end.Value.StartsWith("..", StringComparison.Ordinal))
        {
            return false;
        }

        var wordStart = end.Index;
        while (wordStart > 0 && (char.IsLetter(line[wordStart - 1]) || line[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = line[wordStart..end.Index];
        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])); // an initial: "J. Smith"
    }

    // Terminal punctuation (with closing quotes/brackets and trailing markers), or markers alone, followed by
    // whitespace and something that is not a lower-case letter, or by the end of the line.
    [GeneratedRegex(
        @"(?:[.!?]+[""'’”)]*(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*|(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)(?=\s+[^\p{Ll}\s]|\s*$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s*\[(?<numbers>\d+(?:\s*[,;]\s*\d+)*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
