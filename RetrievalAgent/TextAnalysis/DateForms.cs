namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// The numeric forms a question's date words take in documents and tables: a month name is its number in an ISO or
/// numeric date ("January 2015" / "2015-01-01"), an ordinal quarter is its code ("the second quarter of 2024" /
/// "2024-Q2"). Answer verification accepts either form; the year stays a claim of its own, so "January 2015" is not
/// supported by "2016-01-01".
/// </summary>
internal static class DateForms
{
    private static readonly string[] Months =
    [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ];

    private static readonly string[] Ordinals = ["first", "second", "third", "fourth"];

    private static readonly Dictionary<string, string[]> MonthNumbers = Months
        .Select((month, i) => (Stem: IndexTokens.Stem(month), Forms: new[] { (i + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture), (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        .ToDictionary(m => m.Stem, m => m.Forms, StringComparer.Ordinal);

    /// <summary>
    /// The other stems that state the date word <paramref name="stem"/> of <paramref name="questionWords"/> (the question's
    /// lowercase words in order): a month's numbers, or "q2" for "second" right before "quarter"; empty for any other word.
    /// </summary>
    public static IReadOnlyList<string> Of(string stem, IReadOnlyList<string> questionWords)
    {
        if (MonthNumbers.TryGetValue(stem, out var numbers))
        {
            return numbers;
        }

        var ordinal = Array.IndexOf(Ordinals, stem);
        if (ordinal >= 0)
        {
            for (var i = 0; i + 1 < questionWords.Count; i++)
            {
                if (questionWords[i] == Ordinals[ordinal] && questionWords[i + 1] is "quarter" or "quarters")
                {
                    return [$"q{ordinal + 1}"];
                }
            }
        }

        return [];
    }
}
