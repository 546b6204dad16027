using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// Builds an FTS5 MATCH expression from user text. Each content term becomes a quoted string, so no punctuation,
/// operator word (AND, NOT, NEAR) or column syntax in the question can reach the FTS parser; terms are ORed so a
/// chunk matching some of them is still a candidate and BM25 ranks the ones matching more.
/// </summary>
public static class FtsQuery
{
    /// <returns>The MATCH expression, or <see langword="null"/> when the text has no content terms.</returns>
    public static string? Build(string text)
    {
        var terms = ContentTerms.ForQuestion(text)
            .Select(t => Quote(t.Word))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return terms.Count == 0 ? null : string.Join(" OR ", terms);
    }

    // Inside an FTS5 string a double quote is written twice; the tokenizer then splits the string as it does the
    // indexed text, so "49.99" becomes the phrase 49 + 99.
    private static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
