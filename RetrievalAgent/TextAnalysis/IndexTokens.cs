using System.Collections.Concurrent;
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

    /// <summary>A corpus repeats its words: each distinct token is stemmed once (up to a bound, then stemmed each time).</summary>
    private const int MaxRemembered = 500_000;

    private static readonly ConcurrentDictionary<string, string> Stems = new(StringComparer.Ordinal);

    public static IEnumerable<string> Of(string text)
    {
        foreach (Match match in TokenPattern().Matches(EvidenceTerms.RemoveDiacritics(text)))
        {
            yield return Stem(match.Value.ToLowerInvariant());
        }
    }

    private static string Stem(string token)
    {
        if (Stems.TryGetValue(token, out var stem))
        {
            return stem;
        }

        stem = PorterStemmer.Stem(token);
        if (Stems.Count < MaxRemembered)
        {
            Stems.TryAdd(token, stem);
        }

        return stem;
    }
}
