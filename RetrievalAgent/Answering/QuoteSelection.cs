using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Which scored sentences an extractive answer quotes. Shared by <see cref="ExtractiveAnswerer"/> (sentences of the
/// retrieved chunks) and <see cref="ExtractiveChatClient"/> (sentences of the numbered sources in a prompt), so both
/// choose the same way.
/// </summary>
internal static class QuoteSelection
{
    /// <summary>A further sentence is quoted only if it scores at least this share of the best one.</summary>
    public const double SupportingSentenceRatio = 0.6;

    /// <summary>
    /// The best sentence if its evidence reaches the threshold, then up to <see cref="AnswerOptions.MaxSentences"/> − 1
    /// supporting ones: complete sentences that reach the threshold themselves, hold at least
    /// <see cref="SupportingSentenceRatio"/> of the best one's direct share, and keep every year/code it matched.
    /// </summary>
    public static List<Quote> Select(EvidenceScorer scorer, List<ScoredSentence> sentences, AnswerOptions settings)
    {
        // The best sentence that reaches the threshold and answers the question as asked (AnswerClaims); a sentence
        // that only shares most of the question's words is no answer, however high its evidence.
        var best = sentences.TakeWhile(s => s.Evidence >= settings.MinEvidence).FirstOrDefault(s => !settings.VerifyClaims || scorer.Claims.AreSupportedBy(s));
        if (best is null)
        {
            return [];
        }

        var requiredInBest = scorer.Terms.Where(t => t.IsRequired && best.Stems.Contains(t.Stem)).Select(t => t.Stem).ToHashSet();
        var selected = new List<Quote> { ToQuote(best) };
        var seenTexts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { best.Sentence.Text };
        if (settings.MaxSentences > 1 && Announced(best) is { } continuation)
        {
            selected.Add(continuation);
            seenTexts.Add(continuation.Sentence.Text);
        }
        foreach (var candidate in sentences.Where(s => !ReferenceEquals(s, best)).OrderByDescending(s => s.Direct).ThenByDescending(s => s.Evidence).ThenBy(s => s.Rank).ThenBy(s => s.Sentence.Position))
        {
            if (selected.Count >= settings.MaxSentences || candidate.Direct < best.Direct * SupportingSentenceRatio)
            {
                break;
            }

            var sources = selected.Select(q => q.Hit.Chunk.Id).Append(candidate.Hit.Chunk.Id).Distinct().Count();
            // A supporting sentence is a complete statement with enough evidence of its own that keeps every year/code
            // the best one matched (the 2022-Q3 row does not support an answer about 2023-Q3); overlapping chunks
            // repeat sentences, so each text is quoted once.
            if (sources <= settings.MaxSources
                && candidate.Evidence >= settings.MinEvidence
                && SentenceSplitter.IsComplete(candidate.Sentence)
                && requiredInBest.IsSubsetOf(candidate.Stems)
                && seenTexts.Add(candidate.Sentence.Text))
            {
                selected.Add(ToQuote(candidate));
            }
        }

        return selected;
    }

    /// <summary>Letters a sentence needs to be an announced answer rather than a list marker ("1.", "(a)").</summary>
    private const int MinAnnouncedLetters = 3;

    /// <summary>
    /// What a sentence that ends with a colon announces ("The limitations are based on the following four categories
    /// of conduct:"): the next sentence of its chunk, which holds the answer the announcing sentence only shares the
    /// question's words with. Null when the sentence announces nothing or nothing quotable follows it.
    /// </summary>
    private static Quote? Announced(ScoredSentence best)
    {
        if (best.Sentence.Row is not null || !best.Sentence.Text.TrimEnd().EndsWith(':'))
        {
            return null;
        }

        // A list's first item may be split off as its own marker ("1.", "(a)"): the item is the sentence after it.
        var sentences = ChunkAnalysis.Of(best.Hit.Chunk).Sentences;
        var next = best.Sentence.Position + 1;
        while (next < sentences.Count && sentences[next].Sentence.Text.Count(char.IsLetter) < MinAnnouncedLetters)
        {
            next++;
        }

        return next < sentences.Count && !sentences[next].Sentence.IsHeading
            ? new Quote(best.Hit, best.Rank, sentences[next].Sentence, sentences[next].Sentence.QuoteFrom(best.Hit.Chunk.Text), best.Evidence)
            : null;
    }

    public static Quote ToQuote(ScoredSentence s) =>
        new(s.Hit, s.Rank, s.Sentence, s.Sentence.QuoteFrom(s.Hit.Chunk.Text), s.Evidence);

}
