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

    /// <summary>The stemmed tokens of <paramref name="text"/>, stopwords included.</summary>
    public static IEnumerable<string> Of(string text) => Words(text).Select(Stem);

    /// <summary>The tokens of <paramref name="text"/> before stemming: letters and digits, diacritics removed, lowercased.</summary>
    public static IEnumerable<string> Words(string text)
    {
        foreach (Match match in TokenPattern().Matches(EvidenceTerms.RemoveDiacritics(text)))
        {
            yield return match.Value.ToLowerInvariant();
        }
    }

    /// <summary>The Porter stem of a lowercase token.</summary>
    public static string Stem(string token)
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
