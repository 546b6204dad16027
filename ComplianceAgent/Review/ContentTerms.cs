using System.Text.RegularExpressions;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>The content terms of a text: words (lowercased, stopwords removed, lightly stemmed) and numbers (exact).</summary>
public sealed record ContentTerms(IReadOnlySet<string> Words, IReadOnlySet<string> Numbers)
{
    public int Count => Words.Count + Numbers.Count;
}

/// <summary>
/// Turns text into <see cref="ContentTerms"/>. Stemming is deliberately light (plural -s/-es/-ies, -ed, -ing, -ly,
/// final -e): sentence and context go through the same function, so consistency matters more than linguistics.
/// Numbers are kept verbatim except for thousands separators, so "1,200" matches "1200" but never "1,300".
/// </summary>
public static partial class TermExtractor
{
    public static ContentTerms Extract(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        // EnumerateMatches: no Match, Group or capture arrays per token (they were most of the review's allocation). A
        // token is the number alternative exactly when it holds no letter: the word alternative is only tried where the
        // number one fails, which an all-digit run followed by anything but a letter or digit never does.
        foreach (var token in Token().EnumerateMatches(text))
        {
            var value = text.AsSpan(token.Index, token.Length);
            if (!HasLetter(value))
            {
                numbers.Add(ThousandsSeparator().Replace(value.ToString(), string.Empty));
                continue;
            }

            var word = value.ToString().ToLowerInvariant().Replace('’', '\'');
            var apostrophe = word.IndexOf('\'');
            if (apostrophe > 0)
            {
                word = word[..apostrophe]; // company's -> company, don't -> don (a stopword)
            }

            if (word.Length > 1 && !Stopwords.Contains(word))
            {
                words.Add(Stem(word));
            }
        }

        return new ContentTerms(words, numbers);
    }

    private static bool HasLetter(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    public static string Stem(string word)
    {
        if (word.Length <= 3 || HasDigit(word))
        {
            return word;
        }

        var stem = word switch
        {
            _ when word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 => word[..^3] + "y",
            _ when word.EndsWith("sses", StringComparison.Ordinal) => word[..^2],
            _ when word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal)
                || word.EndsWith("is", StringComparison.Ordinal) => word,
            _ when word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5 => UndoubleConsonant(word[..^3]),
            _ when word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4 => UndoubleConsonant(word[..^2]),
            _ when word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
                || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("zes", StringComparison.Ordinal) => word[..^2],
            _ when word.EndsWith('s') => word[..^1],
            _ when word.EndsWith("ly", StringComparison.Ordinal) && word.Length > 5 => word[..^2],
            _ => word,
        };

        // approve / approves / approved / approving all end up as "approv".
        return stem.Length > 4 && stem.EndsWith('e') ? stem[..^1] : stem;
    }

    private static bool HasDigit(string word)
    {
        foreach (var c in word)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string UndoubleConsonant(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && !"aeiouslz".Contains(stem[^1]) ? stem[..^1] : stem;

    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "down", "during", "each", "either", "else", "ever", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
        "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most",
        "must", "my", "myself", "neither", "nor", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that",
        "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
        "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when",
        "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "would", "yet",
        "you", "your", "yours", "yourself", "yourselves", "per", "via", "don", "doesn", "didn", "isn", "aren", "wasn",
        "weren", "won", "wouldn", "shouldn", "couldn", "can't", "cannot", "let",
    };

    // Numbers first (digits joined by . , : / only between digits, not followed by a letter: "3rd" is a word).
    [GeneratedRegex(@"(?<number>\p{N}+(?:[.,:/]\p{N}+)*)(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['’]\p{L}+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@",(?=\d{3}(?!\d))")]
    private static partial Regex ThousandsSeparator();
}
