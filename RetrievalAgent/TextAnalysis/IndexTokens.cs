using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// The keyword index's tokens, exactly as SQLite FTS5's <c>porter unicode61</c> tokenizer makes them: runs of letters
/// and digits, diacritics removed, lowercased, Porter-stemmed. Stopwords are kept (they count in a chunk's length,
/// which BM25 normalises by). The same function analyses the chunks at ingestion and the words of a query.
/// </summary>
internal static partial class IndexTokens
{
    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    public static IEnumerable<string> Of(string text)
    {
        foreach (Match match in TokenPattern().Matches(EvidenceTerms.RemoveDiacritics(text)))
        {
            yield return PorterStemmer.Stem(match.Value.ToLowerInvariant());
        }
    }
}
