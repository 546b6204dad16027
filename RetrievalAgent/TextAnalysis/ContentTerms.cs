using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>One content term of a question: its stem, how much it counts, and whether it names something specific.</summary>
/// <param name="Word">The word as written, lowercased (what the FTS query searches for).</param>
/// <param name="Stem">The light stem used to compare with document text.</param>
/// <param name="IsSpecific">A number or a proper noun/acronym: evidence that lacks it is about something else.</param>
internal sealed record QueryTerm(string Word, string Stem, bool IsSpecific)
{
    /// <summary>Specific terms weigh double: "Japan" in "parental leave in Japan" decides what the question is about.</summary>
    public double Weight => IsSpecific ? 2.0 : 1.0;

    /// <summary>
    /// A year, amount or code ("2018", "Q3", "1040"): evidence without it answers a different question, so it must be
    /// present. A lone digit ("top 3") is usually a count and is not required.
    /// </summary>
    public bool IsRequired => Word.Any(char.IsDigit) && (Word.Count(char.IsDigit) >= 2 || Word.Any(char.IsLetter));
}

/// <summary>
/// Turns text into comparable content terms: words and numbers, lowercased, stopwords removed, lightly stemmed.
/// The same analysis runs over questions and document text so that "policies" meets "policy" and "priced" meets "price".
/// </summary>
internal static partial class ContentTerms
{
    // A word (letters, then letters/digits/apostrophes) or a number with its decimal/thousand separators ("49.99", "1,200").
    [GeneratedRegex(@"\p{L}[\p{L}\p{M}\p{N}']*|\p{N}+(?:[.,]\p{N}+)*", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    /// <summary>The distinct content terms of a question, in order of appearance.</summary>
    public static IReadOnlyList<QueryTerm> ForQuestion(string question)
    {
        var terms = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var atSentenceStart = true;
        foreach (Match match in TokenPattern().Matches(question))
        {
            var token = match.Value.TrimEnd('\'');
            var lower = token.ToLowerInvariant();
            var startsSentence = atSentenceStart;
            atSentenceStart = EndsSentenceBefore(question, match.Index + match.Length);
            if (lower.Length == 0 || Stopwords.Contains(lower) || (lower.Length == 1 && !char.IsDigit(lower[0])))
            {
                continue;
            }

            var stem = Stem(lower);
            if (seen.Add(stem))
            {
                terms.Add(new QueryTerm(lower, stem, IsSpecific(token, startsSentence)));
            }
        }

        return terms;
    }

    /// <summary>The set of stems in a piece of document text.</summary>
    public static HashSet<string> StemsOf(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in TokenPattern().Matches(text))
        {
            var lower = match.Value.TrimEnd('\'').ToLowerInvariant();
            if (lower.Length > 0 && !Stopwords.Contains(lower))
            {
                stems.Add(Stem(lower));
            }
        }

        return stems;
    }

    /// <summary>The stems of a piece of text in reading order, stopwords left out (for phrase and proximity features).</summary>
    public static List<string> StemSequence(string text)
    {
        var stems = new List<string>();
        foreach (Match match in TokenPattern().Matches(text))
        {
            var lower = match.Value.TrimEnd('\'').ToLowerInvariant();
            if (lower.Length > 0 && !Stopwords.Contains(lower))
            {
                stems.Add(Stem(lower));
            }
        }

        return stems;
    }

    /// <summary>Weighted share (0..1) of <paramref name="terms"/> found among <paramref name="stems"/>.</summary>
    // Loops, not LINQ: both run for every sentence of every candidate chunk of every question.
    public static double Coverage(IReadOnlyList<QueryTerm> terms, IReadOnlySet<string> stems)
    {
        double total = 0, found = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            total += terms[i].Weight;
            if (stems.Contains(terms[i].Stem))
            {
                found += terms[i].Weight;
            }
        }

        return total == 0 ? 0 : found / total;
    }

    /// <summary>Share (0..1) of the specific terms found; 1 when the question names nothing specific.</summary>
    public static double SpecificCoverage(IReadOnlyList<QueryTerm> terms, IReadOnlySet<string> stems)
    {
        int specific = 0, found = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i].IsSpecific)
            {
                specific++;
                found += stems.Contains(terms[i].Stem) ? 1 : 0;
            }
        }

        return specific == 0 ? 1 : (double)found / specific;
    }

    /// <summary>
    /// A deliberately light suffix stripper (not Porter): plural, -ing, -ed, final e and y are folded so that
    /// inflections of one word share a stem. Numbers are left as they are.
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3 || char.IsDigit(word[0]))
        {
            return word;
        }

        var w = word;
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal)
                 && !w.EndsWith("is", StringComparison.Ordinal) && w.Length > 3)
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
        {
            w = w[..^3];
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^2];
        }

        // "priced"/"pricing" -> "pric", "price" -> "pric"; "planned" -> "plann" -> "plan". Only consistency matters,
        // so a natural double letter ("class" -> "clas") is folded the same way as an inflected one.
        if (w.Length > 3 && w[^1] == w[^2])
        {
            w = w[..^1];
        }

        if (w.Length > 3 && (w[^1] == 'e' || w[^1] == 'y'))
        {
            w = w[..^1];
        }

        return w;
    }

    private static bool IsSpecific(string token, bool startsSentence)
    {
        if (token.Any(char.IsDigit))
        {
            return true;
        }

        var uppercase = token.Count(char.IsUpper);
        // An acronym (PTO, USD) anywhere, or a capitalised word that is not merely the first word of a sentence.
        return uppercase >= 2 || (uppercase == 1 && char.IsUpper(token[0]) && !startsSentence);
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
