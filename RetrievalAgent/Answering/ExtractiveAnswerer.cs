using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Answers without a language model by quoting the documents: it takes the chunks with enough evidence
/// (<see cref="AnswerOptions"/>), scores their sentences by the question's content terms, and returns the best
/// 1–3 sentences (whitespace collapsed, words verbatim), each followed by its citation marker " [n]". Each citation
/// carries the verbatim quote and its character range in the chunk; <see cref="CitationVerifier"/> checks every quote
/// against the stored text before the answer is returned and drops the sentences that fail. Citations are numbered in
/// order of use. Without enough evidence it says so and cites nothing: it never composes text of its own, so the
/// reviewer can check each sentence against the context it cites.
/// </summary>
internal sealed class ExtractiveAnswerer(
    ChunkSearcher searcher,
    CitationVerifier verifier,
    IOptions<AnswerOptions> options,
    ILogger<ExtractiveAnswerer> logger)
{
    public const string NotFoundAnswer = "I could not find an answer to this in the ingested documents.";

    /// <summary>A further sentence is quoted only if it scores at least this share of the best one.</summary>
    private const double SupportingSentenceRatio = 0.6;

    /// <summary>Score factor of a fragment (no sentence-ending punctuation) against a complete sentence.</summary>
    private const double FragmentPenalty = 0.8;

    public async Task<AnswerResult> AnswerAsync(string question, int topK, ChunkFilter filter, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var terms = ContentTerms.ForQuestion(question);
        IReadOnlyList<RankedChunk> hits = terms.Count == 0 ? [] : await searcher.SearchAsync(question, topK, filter, cancellationToken);

        // Evidence of a hit: its weighted term coverage, provided it names what the question names (specific terms)
        // and every year/amount/code. The best one decides, so a threshold sweep needs one pass (POST /evidence).
        var eligible = hits.Where(h => h.SpecificCoverage >= settings.MinSpecificCoverage && !h.MissingRequired).ToList();
        var best = eligible.OrderByDescending(h => h.Coverage).FirstOrDefault();
        var evidence = best?.Coverage ?? 0;
        var supporting = eligible.Where(h => h.Coverage >= settings.MinEvidence).ToList();

        var quotes = await verifier.VerifyAsync(SelectQuotes(terms, supporting, settings), cancellationToken);
        if (quotes.Count == 0)
        {
            logger.LogInformation(
                "No answer: {TermCount} content terms, {HitCount} hits, {EvidenceCount} with enough evidence (best {BestEvidence:F2})",
                terms.Count, hits.Count, supporting.Count, evidence);
            RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", AnswerStatus.NotFound));
            return new AnswerResult(NotFound(), evidence, best);
        }

        var answer = Compose(quotes);
        logger.LogInformation("Answered from {CitationCount} citations (best evidence {BestEvidence:F2})", answer.Citations.Count, evidence);
        RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", AnswerStatus.Answered));
        return new AnswerResult(answer, evidence, quotes[0].Hit);
    }

    public static AgentAnswer NotFound() => new(AgentNames.Retrieval, AnswerStatus.NotFound, NotFoundAnswer, [], []);

    private static List<Quote> SelectQuotes(IReadOnlyList<QueryTerm> terms, List<RankedChunk> evidence, AnswerOptions settings)
    {
        var sentences = evidence
            .SelectMany((hit, rank) => SentenceSplitter.Split(hit.Chunk)
                .Where(sentence => !sentence.IsHeading)
                .Select(sentence => (Hit: hit, Rank: rank, Sentence: sentence, Stems: ContentTerms.StemsOf(sentence.Text))))
            .ToList();

        // Within the candidate sentences, a term found in few of them says more than one found in all of them
        // ("leave" in a leave policy), so each term's weight is scaled by its inverse sentence frequency.
        var weights = terms.ToDictionary(
            t => t.Stem,
            t => t.Weight * Math.Log(1 + (sentences.Count + 1.0) / (1 + sentences.Count(s => s.Stems.Contains(t.Stem)))));
        var total = weights.Values.Sum();

        var candidates = sentences
            .Select(s => (Quote: new Quote(s.Hit, s.Rank, s.Sentence, s.Sentence.QuoteFrom(s.Hit.Chunk.Text), Score(s.Sentence, s.Stems)), s.Stems))
            .Where(c => c.Quote.Score > 0)
            .OrderByDescending(c => c.Quote.Score)
            .ThenBy(c => c.Quote.Rank)
            .ThenBy(c => c.Quote.Sentence.Position)
            .ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        double Score(Sentence sentence, HashSet<string> stems)
        {
            var score = total == 0 ? 0 : terms.Where(t => stems.Contains(t.Stem)).Sum(t => weights[t.Stem]) / total;
            // Labels and questions repeat the question's words without answering it: prefer complete sentences.
            return SentenceSplitter.IsComplete(sentence) ? score : score * FragmentPenalty;
        }

        var best = candidates[0];
        var requiredInBest = terms.Where(t => t.IsRequired && best.Stems.Contains(t.Stem)).Select(t => t.Stem).ToHashSet();
        var selected = new List<Quote> { best.Quote };
        var seenTexts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { best.Quote.Sentence.Text };
        foreach (var candidate in candidates.Skip(1))
        {
            if (selected.Count >= settings.MaxSentences || candidate.Quote.Score < best.Quote.Score * SupportingSentenceRatio)
            {
                break;
            }

            var sources = selected.Select(q => q.Hit.Chunk.Id).Append(candidate.Quote.Hit.Chunk.Id).Distinct().Count();
            // A supporting sentence is a complete statement that keeps every year/code the best one matched
            // (the 2022-Q3 row does not support an answer about 2023-Q3); overlapping chunks repeat sentences,
            // so each text is quoted once.
            if (sources <= settings.MaxSources
                && SentenceSplitter.IsComplete(candidate.Quote.Sentence)
                && requiredInBest.IsSubsetOf(candidate.Stems)
                && seenTexts.Add(candidate.Quote.Sentence.Text))
            {
                selected.Add(candidate.Quote);
            }
        }

        return selected;
    }

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
