using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Answers without a language model by quoting the documents: it scores the sentences of the hits by their evidence
/// (<see cref="EvidenceScorer"/>: rarity-weighted coverage of the question's terms), and when the best reaches
/// <see cref="AnswerOptions.MinEvidence"/> returns it and up to two supporting sentences (whitespace collapsed, words verbatim), each followed by its citation
/// marker " [n]". Each citation carries the verbatim quote and its character range in the chunk; <see cref="CitationVerifier"/> checks every quote
/// against the stored text before the answer is returned and drops the sentences that fail. Citations are numbered in
/// order of use. Without enough evidence it says so and cites nothing: it never composes text of its own, so the
/// reviewer can check each sentence against the context it cites.
/// </summary>
internal sealed class ExtractiveAnswerer(
    ChunkSearcher searcher,
    CitationVerifier verifier,
    IOptions<AnswerOptions> options,
    ILogger<ExtractiveAnswerer> logger) : IDocumentAnswerer
{
    public const string NotFoundAnswer = NotFoundSentences.NothingFound;

    public async Task<AnswerResult> AnswerAsync(string question, int topK, ChunkFilter filter, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Evidence: the best sentence of an eligible hit (EvidenceScorer). The best one decides, so a threshold sweep
        // needs one pass (POST /evidence), and the sentence that decides is the one quoted first.
        var retrieved = await RetrievedEvidence.GatherAsync(searcher, question, topK, filter, settings, cancellationToken);
        var (scorer, hits, sentences) = retrieved;
        var (best, evidence) = (retrieved.Best, retrieved.Evidence);

        var quotes = await SelectVerifiedAsync(scorer, sentences, settings, cancellationToken);
        if (quotes.Count == 0)
        {
            logger.LogDebug(
                "No answer: {TermCount} content terms, {HitCount} hits, best evidence {BestEvidence:F2} (threshold {MinEvidence:F2})",
                scorer.Terms.Count, hits.Count, evidence, settings.MinEvidence);
            RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", AnswerStatus.NotFound));
            return new AnswerResult(NotFound(), evidence, best?.Hit);
        }

        var answer = Compose(quotes);
        logger.LogDebug("Answered from {CitationCount} citations (best evidence {BestEvidence:F2})", answer.Citations.Count, evidence);
        RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", AnswerStatus.Answered));
        return new AnswerResult(answer, evidence, quotes[0].Hit);
    }

    /// <summary>
    /// Selects the quotes and verifies them against the store; a sentence that fails verification (stale index,
    /// re-ingested document) is no candidate any more, and the selection is made again from the rest, so the answer
    /// is built from the best sentences that are verbatim in the store (a few rounds at most).
    /// </summary>
    private async Task<IReadOnlyList<Quote>> SelectVerifiedAsync(EvidenceScorer scorer, List<ScoredSentence> sentences, AnswerOptions settings, CancellationToken cancellationToken)
    {
        const int MaxRounds = 3;
        IReadOnlyList<Quote> verified = [];
        for (var round = 0; round < MaxRounds; round++)
        {
            var selected = QuoteSelection.Select(scorer, sentences, settings);
            verified = await verifier.VerifyAsync(selected, cancellationToken);
            if (verified.Count == selected.Count)
            {
                return verified;
            }

            var failed = selected.Except(verified).Select(q => (q.Hit.Chunk.Id, q.Start)).ToHashSet();
            sentences = sentences.Where(s => !failed.Contains((s.Hit.Chunk.Id, s.Sentence.Start))).ToList();
        }

        return verified;
    }

    public static AgentAnswer NotFound() => new(AgentNames.Retrieval, AnswerStatus.NotFound, NotFoundAnswer, [], []);

    /// <summary>One citation per quoted sentence, numbered in order of use, each with its own context (the chunk).</summary>
    internal static AgentAnswer Compose(IReadOnlyList<Quote> quotes)
    {
        var parts = new List<string>();
        var citations = new List<Citation>();
        var contexts = new List<AnswerContext>();
        foreach (var quote in quotes)
        {
            var number = citations.Count + 1;
            var chunk = quote.Hit.Chunk;
            parts.Add($"{quote.Sentence.Text} [{number}]");
            citations.Add(new Citation(
                number,
                chunk.DocumentId,
                chunk.DocumentName,
                chunk.Page,
                quote.Sentence.Row,
                chunk.Id,
                Snippet: quote.Text,
                Score: Math.Round(quote.Hit.Score, 6),
                StartOffset: quote.Start,
                EndOffset: quote.End));
            contexts.Add(new AnswerContext(number, SourceLabel(chunk, quote.Sentence.Row), chunk.Text));
        }

        return new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, string.Join(' ', parts), citations, contexts);
    }

    private static string SourceLabel(StoredChunk chunk, int? row) =>
        chunk.Page is { } page ? $"{chunk.DocumentName}, page {page}"
        : row is { } r ? $"{chunk.DocumentName}, row {r}"
        : chunk.DocumentName;
}
