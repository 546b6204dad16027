using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// Questions that ask for a value (how many, how much, how long, when, what date / amount / percentage ...) and texts that
/// state one (a digit, a number word, a month). A sentence that states no value cannot answer "What is the dollar amount of
/// the fine?", however many of its words it shares ("... subject to criminal penalties including fines").
/// </summary>
internal static partial class ValueMentions
{
    private static readonly HashSet<string> AfterHow = new(StringComparer.Ordinal) { "many", "much", "long", "often", "old", "far", "soon", "large", "big" };

    private static readonly HashSet<string> ValueNouns = new(StringComparer.Ordinal)
    {
        "date", "year", "amount", "number", "percentage", "percent", "dollar", "dollars", "cost", "price", "fee", "fine", "total",
    };

    private static readonly HashSet<string> NumberWords = new(StringComparer.Ordinal)
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
        "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "trillion", "half", "dozen", "once", "twice",
        "first", "second", "third", "annually", "daily", "weekly", "monthly", "yearly",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>Whether the question asks for a value: "how many/much/long ...", "when ...", "what date/amount/number ...".</summary>
    public static bool AsksForValue(string question)
    {
        var words = Word().Matches(question).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (words.Count == 0)
        {
            return false;
        }

        if (words[0] == "when")
        {
            return true;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "how" && i + 1 < words.Count && AfterHow.Contains(words[i + 1]))
            {
                return true;
            }

            // "what/which date", "what is the amount", "what percentage": a value noun right after the question word
            // or its article.
            if (words[i] is "what" or "which" && words.Skip(i + 1).SkipWhile(w => w is "is" or "was" or "the" or "a").FirstOrDefault() is { } noun
                && ValueNouns.Contains(noun))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the question asks for a title or heading ("What is the title of the report?", "the heading of section
    /// 2"): a heading is then an answer. "Title V of the act" names a part of a text and is no such question.
    /// </summary>
    public static bool AsksForTitle(string question) => TitleAsked().IsMatch(question);

    [GeneratedRegex(@"\b(?:title|heading|caption)s?\s+(?:of|for|on)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TitleAsked();

    /// <summary>
    /// Whether the text states a value: a digit, a number word or a month name. "may" is the modal far more often than the
    /// month, and a month without a digit states no date ("... may subject you to criminal penalties"), so it counts only
    /// beside a number, which the digit test already finds.
    /// </summary>
    public static bool StatesValue(string text) =>
        text.Any(char.IsDigit) || Word().Matches(text).Any(m => m.Value.ToLowerInvariant() is var word && word != "may" && NumberWords.Contains(word));
}
