using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// What a text negates: the stem of the word a negation cue ("not", "no", "never", "without", "n't", ...) governs, the
/// first word after it that is not an auxiliary, article or pronoun, within the same clause. "Form 4868 does not extend
/// the time" negates {extend}; "There is no maximum amount" negates {maximum}; "do not have a TIN" negates {have}.
/// Answer verification compares the question's negated words with the cited sentence's: a sentence that negates what
/// the question asserts (or the reverse) does not answer it as asked.
/// </summary>
internal static partial class Negation
{
    // "n't" tokenises as a separate "t" ("don't" -> "don", "t").
    private static readonly HashSet<string> Cues = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "without", "none", "nor", "cannot", "neither", "t", "nothing", "nobody", "nowhere",
    };

    // Words between a cue and what it negates: auxiliaries, articles, pronouns, adverbs of degree.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "be", "is", "are", "was", "were", "been", "being", "do", "does", "did", "a", "an", "the", "to", "any", "it", "its",
        "their", "your", "his", "her", "our", "my", "this", "that", "these", "those", "so", "very", "yet", "always", "also",
        "even", "only", "necessarily", "just", "all", "more", "longer", "one", "s",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+|[,.;:!?()]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenOrClauseMark();

    /// <summary>The Porter stems of the words negated in <paramref name="text"/> (empty when nothing is).</summary>
    public static HashSet<string> NegatedStems(string text)
    {
        var negated = new HashSet<string>(StringComparer.Ordinal);
        var open = false;
        foreach (Match match in TokenOrClauseMark().Matches(EvidenceTerms.RemoveDiacritics(text)))
        {
            var token = match.Value;
            if (!char.IsLetterOrDigit(token[0]))
            {
                open = false;
                continue;
            }

            var word = token.ToLowerInvariant();
            if (Cues.Contains(word))
            {
                open = true;
            }
            else if (open && !Skipped.Contains(word))
            {
                negated.Add(IndexTokens.Stem(word));
                open = false;
            }
        }

        return negated;
    }
}
