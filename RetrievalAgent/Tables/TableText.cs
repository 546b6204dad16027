using System.Text.RegularExpressions;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>A word of a question: as written (case kept, diacritics removed), lowercased, stemmed, and where it is.</summary>
internal sealed record QuestionWord(int Index, string Text, string Lower, string Stem)
{
    public bool IsNumber => Lower.Any(char.IsDigit);

    /// <summary>Grammar and question words ("what", "the", "of"): they never make a question about something.</summary>
    public bool IsGrammar => TableText.IsGrammarWord(Lower);

    /// <summary>
    /// A word a table must account for or the question is about something else: a number or code ("1998", "Q3"), an
    /// acronym ("EUR") or a capitalised word that does not start the question ("Acme").
    /// </summary>
    public bool IsSpecific => !IsGrammar && (IsNumber || (Text.Length > 1 && Text.All(char.IsUpper)) || (Index > 0 && char.IsUpper(Text[0])));
}

/// <summary>
/// The table answerer's words: the index's tokens (letters and digits, diacritics removed, lowercased) and Porter stems
/// (<see cref="IndexTokens"/>), with possessives removed ("Acme's" is "Acme"), and the small grammar of table questions.
/// </summary>
internal static partial class TableText
{
    private static readonly HashSet<string> Grammar = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "at", "for", "to", "by", "with", "from", "into", "as", "and", "or", "per",
        "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "has", "have", "had", "can", "could",
        "what", "which", "who", "whom", "whose", "when", "where", "how", "many", "much", "there", "their", "its", "it",
        "that", "this", "these", "those", "me", "us", "we", "our", "you", "your", "i", "tell", "give", "show", "list",
        "find", "value", "values", "row", "rows", "entry", "entries", "record", "records", "all", "each", "every", "any",
        "during", "across", "over", "among", "between", "than", "under", "within", "about", "listed", "recorded",
        "shown", "given", "according", "file", "table", "data", "dataset", "csv", "number", "amount", "figure", "figures",
        "reported", "record", "level", "get", "got", "s", "one",
    };

    private static readonly HashSet<string> GrammarStems = new(Grammar.Select(IndexTokens.Stem), StringComparer.Ordinal);

    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public static bool IsGrammarWord(string lower) => Grammar.Contains(lower);

    public static bool IsGrammarStem(string stem) => GrammarStems.Contains(stem);

    /// <summary>The index's tokens of <paramref name="text"/>: letters and digits, diacritics removed, lowercased.</summary>
    public static IEnumerable<string> Words(string text) => IndexTokens.Words(text);

    public static IEnumerable<string> Stems(string text) => IndexTokens.Words(text).Select(IndexTokens.Stem);

    /// <summary>The question's words, possessives removed ("Acme's", "Acme’s" → "Acme"; "the Smiths'" → "the Smiths").</summary>
    public static List<QuestionWord> Question(string question)
    {
        var text = Possessive().Replace(EvidenceTerms.RemoveDiacritics(question.Replace('’', '\'')), string.Empty);
        var words = new List<QuestionWord>();
        foreach (Match match in Token().Matches(text))
        {
            var lower = match.Value.ToLowerInvariant();
            words.Add(new QuestionWord(words.Count, match.Value, lower, IndexTokens.Stem(lower)));
        }

        return words;
    }

    /// <summary>The year ("1998") and month ("1998-03") a date or text cell names, if any.</summary>
    public static IEnumerable<string> Periods(string cell)
    {
        var match = PeriodPattern().Match(cell);
        if (!match.Success)
        {
            yield break;
        }

        yield return match.Groups["year"].Value;
        if (match.Groups["month"].Success)
        {
            yield return $"{match.Groups["year"].Value}-{match.Groups["month"].Value}";
        }
    }

    /// <summary>1 for "january" … 12 for "december" (also "jan", "sept"); 0 for any other word.</summary>
    public static int Month(string lower)
    {
        for (var i = 0; i < Months.Length; i++)
        {
            if (lower == Months[i] || (lower.Length >= 3 && Months[i].StartsWith(lower, StringComparison.Ordinal) && lower != "mar" && lower != "may"))
            {
                return i + 1;
            }
        }

        return lower == "sept" ? 9 : lower == "mar" ? 3 : 0;
    }

    public static bool IsYear(string lower) => lower.Length == 4 && lower.All(char.IsAsciiDigit) && lower[0] is '1' or '2';

    [GeneratedRegex(@"(?<=\p{L})'s\b|(?<=\p{L}s)'(?!\p{L})")]
    private static partial Regex Possessive();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<year>[12]\d{3})(?:-(?<month>[01]\d)(?:-\d{2})?)?(?![\p{N}])")]
    private static partial Regex PeriodPattern();
}
