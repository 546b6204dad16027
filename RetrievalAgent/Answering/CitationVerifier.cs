using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// The last check before an answer leaves the agent: each quote is compared, character for character, with the
/// chunk text re-read from the store at the quote's offsets, and its presented sentence must be that quote with only
/// whitespace collapsed. A quote that fails (the document was re-ingested or deleted meanwhile, or a bug mangled the
/// text) is dropped, so a citation never points at words the source does not hold.
/// </summary>
internal sealed class CitationVerifier(IChunkStore store, ILogger<CitationVerifier> logger)
{
    public async Task<IReadOnlyList<Quote>> VerifyAsync(IReadOnlyList<Quote> quotes, CancellationToken cancellationToken)
    {
        if (quotes.Count == 0)
        {
            return quotes;
        }

        var stored = await store.GetChunksByIdAsync(quotes.Select(q => q.Hit.Chunk.Id).Distinct().ToList(), cancellationToken);
        var verified = quotes.Where(q => IsVerbatim(q, stored)).ToList();
        if (verified.Count < quotes.Count)
        {
            logger.LogWarning("Dropped {DroppedCount} of {QuoteCount} answer sentences whose quotes are not verbatim in the stored chunks",
                quotes.Count - verified.Count, quotes.Count);
        }

        return verified;
    }

    private static bool IsVerbatim(Quote quote, IReadOnlyDictionary<string, StoredChunk> stored) =>
        stored.TryGetValue(quote.Hit.Chunk.Id, out var chunk)
        && quote.Start >= 0 && quote.End > quote.Start && quote.End <= chunk.Text.Length
        && chunk.Text.AsSpan(quote.Start, quote.End - quote.Start).SequenceEqual(quote.Text)
        && SentenceSplitter.CollapseWhitespace(quote.Text) == quote.Sentence.Text;
}
