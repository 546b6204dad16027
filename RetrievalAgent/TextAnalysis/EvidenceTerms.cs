using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>One content term of a question as the evidence measure sees it.</summary>
/// <param name="Token">The token as the FTS index tokenizes it (lowercase, diacritics removed): what its document frequency is looked up by.</param>
/// <param name="Stem">Its Porter stem, the term <c>chunks_fts</c> indexed.</param>
/// <param name="IsSpecific">A number, an acronym or a capitalised word that does not start a sentence.</param>
/// <param name="IsRequired">A year, amount or code ("2018", "q3"): a passage without it answers another question.</param>
internal sealed record EvidenceTerm(string Token, string Stem, bool IsSpecific, bool IsRequired);

/// <summary>
/// Terms for the evidence measure, normalised the way the FTS5 index normalises text (<c>porter unicode61</c>): runs of
/// letters and digits, lowercased, diacritics removed, then Porter-stemmed (<see cref="PorterStemmer"/>), so the
/// document frequencies read from <c>chunks_fts</c> belong to exactly these terms. Stopwords and question words are
/// left out (<see cref="Stopwords"/>), and so is the word right after "how" ("how long", "how soon", "how often"):
/// it names the kind of answer wanted (a duration, a frequency), not what the question is about.
/// </summary>
internal static partial class EvidenceTerms
{
    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    public static IReadOnlyList<EvidenceTerm> ForQuestion(string question)
    {
        var terms = new List<EvidenceTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var text = RemoveDiacritics(question);
        var atSentenceStart = true;
        string? previous = null;
        foreach (Match match in TokenPattern().Matches(text))
        {
            var token = match.Value;
            var lower = token.ToLowerInvariant();
            var startsSentence = atSentenceStart;
            atSentenceStart = EndsSentenceBefore(text, match.Index + match.Length);
            var afterHow = previous == "how";
            previous = lower;
            if (Stopwords.Contains(lower) || (lower.Length == 1 && !char.IsDigit(lower[0])))
            {
                continue;
            }

            if (afterHow && !char.IsUpper(token[0]) && !char.IsDigit(token[0]))
            {
                continue;
            }

            var stem = PorterStemmer.Stem(lower);
            if (seen.Add(stem))
            {
                var hasDigit = token.Any(char.IsDigit);
                var uppercase = token.Count(char.IsUpper);
                var specific = hasDigit || uppercase >= 2 || (uppercase == 1 && char.IsUpper(token[0]) && !startsSentence);
                var required = hasDigit && (token.Count(char.IsDigit) >= 2 || token.Any(char.IsLetter));
                terms.Add(new EvidenceTerm(lower, stem, specific, required));
            }
        }

        return terms;
    }

    /// <summary>The set of stems in a piece of document text (stopwords kept out, as in the question).</summary>
    public static HashSet<string> StemsOf(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in IndexTokens.Words(text))
        {
            if (!Stopwords.Contains(word))
            {
                stems.Add(IndexTokens.Stem(word));
            }
        }

        return stems;
    }

    // Latin letters with a canonical decomposition (U+00C0..U+017F) and their base letter, case kept.
    private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";
    private const string Plain = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz";

    /// <summary>
    /// unicode61's default <c>remove_diacritics</c> for Latin letters: "Zürich" is indexed as "zurich". (A table, not
    /// <c>string.Normalize</c>, which does not decompose under invariant globalization.)
    /// </summary>
    internal static string RemoveDiacritics(string text)
    {
        if (text.All(char.IsAscii))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var at = Accented.IndexOf(chars[i], StringComparison.Ordinal);
            if (at >= 0)
            {
                chars[i] = Plain[at];
            }
        }

        return new string(chars);
    }

    private static bool EndsSentenceBefore(string text, int index)
    {
        for (var i = index; i < text.Length && !char.IsLetterOrDigit(text[i]); i++)
        {
            if (text[i] is '.' or '?' or '!' or '\n' or ':')
            {
                return true;
            }
        }

        return false;
    }
}
