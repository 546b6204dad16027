using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Store.Indexed;

/// <summary>
/// A question as the in-memory keyword index searches it: the same terms <see cref="FtsQuery"/> sends to FTS5 (each
/// content word of the question), each turned into the index's tokens (<see cref="IndexTokens"/>); a word that
/// splits into several tokens ("49.99", "don't") is a phrase of them. Terms are ORed, as in FTS5.
/// </summary>
internal sealed record KeywordQuery(IReadOnlyList<IReadOnlyList<string>> Phrases)
{
    public static KeywordQuery Parse(string text) => new(ContentTerms.ForQuestion(text)
        .Select(t => (IReadOnlyList<string>)IndexTokens.Of(t.Word).ToList())
        .Where(p => p.Count > 0)
        .DistinctBy(p => string.Join(' ', p), StringComparer.Ordinal)
        .ToList());

    public bool IsEmpty => Phrases.Count == 0;
}
