using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Answers without a language model by quoting the documents: it takes the chunks with enough evidence
/// (<see cref="AnswerOptions"/>), scores their sentences by the question's content terms, and returns the best
/// 1–3 sentences verbatim (whitespace collapsed), each followed by its citation marker " [n]". Citations are numbered
/// in order of first use. Without enough evidence it says so and cites nothing: it never composes text of its own,
/// so the reviewer can check each sentence against the context it cites.
/// </summary>
internal sealed class ExtractiveAnswerer(ChunkSearcher searcher, IOptions<AnswerOptions> options, ILogger<ExtractiveAnswerer> logger)
{
    public const string NotFoundAnswer = "I could not find an answer to this in the ingested documents.";

    /// <summary>A further sentence is quoted only if it scores at least this share of the best one.</summary>
    private const double SupportingSentenceRatio = 0.6;

    /// <summary>Score factor of a fragment (no sentence-ending punctuation) against a complete sentence.</summary>
    private const double FragmentPenalty = 0.8;

    public async Task<AgentAnswer> AnswerAsync(string question, int topK, SearchFilters? filters, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var terms = ContentTerms.ForQuestion(question);
        IReadOnlyList<RankedChunk> hits = terms.Count == 0 ? [] : await searcher.SearchAsync(question, topK, filters, cancellationToken);
        var evidence = hits
            .Where(h => h.Coverage >= settings.MinEvidence && h.SpecificCoverage >= settings.MinSpecificCoverage && !h.MissingRequired)
            .ToList();

        var quotes = SelectQuotes(terms, evidence, settings);
        if (quotes.Count == 0)
        {
            logger.LogInformation(
                "No answer: {TermCount} content terms, {HitCount} hits, {EvidenceCount} with enough evidence (best coverage {BestCoverage:F2})",
                terms.Count, hits.Count, evidence.Count, hits.Count == 0 ? 0 : hits.Max(h => h.Coverage));
            RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", AnswerStatus.NotFound));
            return NotFound();
        }

        var answer = Compose(quotes);
        logger.LogInformation("Answered from {CitationCount} citations with {SentenceCount} sentences", answer.Citations.Count, quotes.Count);
        RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", AnswerStatus.Answered));
        return answer;
    }

    public static AgentAnswer NotFound() => new(AgentNames.Retrieval, AnswerStatus.NotFound, NotFoundAnswer, [], []);

    private static List<Quote> SelectQuotes(IReadOnlyList<QueryTerm> terms, List<RankedChunk> evidence, AnswerOptions settings)
    {
        var sentences = evidence
            .SelectMany((hit, rank) => SentenceSplitter.Split(hit.Chunk).Select(sentence =>
                (Hit: hit, Rank: rank, Sentence: sentence, Stems: ContentTerms.StemsOf(sentence.Text))))
            .ToList();

        // Within the candidate sentences, a term found in few of them says more than one found in all of them
        // ("leave" in a leave policy), so each term's weight is scaled by its inverse sentence frequency.
        var weights = terms.ToDictionary(
            t => t.Stem,
            t => t.Weight * Math.Log(1 + (sentences.Count + 1.0) / (1 + sentences.Count(s => s.Stems.Contains(t.Stem)))));
        var total = weights.Values.Sum();

        var candidates = sentences
            .Select(s => new Quote(s.Hit, s.Rank, s.Sentence, s.Stems, Score(s.Sentence, s.Stems)))
            .Where(q => q.Score > 0)
            .OrderByDescending(q => q.Score)
            .ThenBy(q => q.Rank)
            .ThenBy(q => q.Sentence.Position)
            .ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        double Score(Sentence sentence, HashSet<string> stems)
        {
            var score = total == 0 ? 0 : terms.Where(t => stems.Contains(t.Stem)).Sum(t => weights[t.Stem]) / total;
            // Headings and labels repeat the question's words without answering it: prefer complete sentences.
            return SentenceSplitter.IsComplete(sentence) ? score : score * FragmentPenalty;
        }

        var best = candidates[0];
        var requiredInBest = terms.Where(t => t.IsRequired && best.Stems.Contains(t.Stem)).Select(t => t.Stem).ToHashSet();
        var selected = new List<Quote> { best };
        var seenTexts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { best.Sentence.Text };
        foreach (var candidate in candidates.Skip(1))
        {
            if (selected.Count >= settings.MaxSentences || candidate.Score < best.Score * SupportingSentenceRatio)
            {
                break;
            }

            var sources = selected.Select(q => q.Hit.Chunk.Id).Append(candidate.Hit.Chunk.Id).Distinct().Count();
            // A supporting sentence is a complete statement that keeps every year/code the best one matched
            // (the 2022-Q3 row does not support an answer about 2023-Q3); overlapping chunks repeat sentences,
            // so each text is quoted once.
            if (sources <= settings.MaxSources
                && SentenceSplitter.IsComplete(candidate.Sentence)
                && requiredInBest.IsSubsetOf(candidate.Stems)
                && seenTexts.Add(candidate.Sentence.Text))
            {
                selected.Add(candidate);
            }
        }

        return selected;
    }

    private static AgentAnswer Compose(List<Quote> quotes)
    {
        // One citation per chunk, or per row for CSV chunks, so a citation's Row is the row its sentence came from.
        var numbers = new Dictionary<(string ChunkId, int? Row), int>();
        var parts = new List<string>();
        foreach (var quote in quotes)
        {
            var key = (quote.Hit.Chunk.Id, quote.Sentence.Row);
            if (!numbers.TryGetValue(key, out var number))
            {
                number = numbers.Count + 1;
                numbers.Add(key, number);
            }

            parts.Add($"{quote.Sentence.Text} [{number}]");
        }

        var citations = new List<Citation>();
        var contexts = new List<AnswerContext>();
        foreach (var ((chunkId, row), number) in numbers.OrderBy(n => n.Value))
        {
            var cited = quotes.Where(q => q.Hit.Chunk.Id == chunkId && q.Sentence.Row == row).ToList();
            var chunk = cited[0].Hit.Chunk;
            citations.Add(new Citation(
                number,
                chunk.DocumentId,
                chunk.DocumentName,
                chunk.Page,
                row,
                chunk.Id,
                Snippet: string.Join(' ', cited.OrderBy(q => q.Sentence.Position).Select(q => q.Sentence.Text)),
                Score: Math.Round(cited[0].Hit.Score, 6)));
            contexts.Add(new AnswerContext(number, SourceLabel(chunk, row), chunk.Text));
        }

        return new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, string.Join(' ', parts), citations, contexts);
    }

    private static string SourceLabel(StoredChunk chunk, int? row) =>
        chunk.Page is { } page ? $"{chunk.DocumentName}, page {page}"
        : row is { } r ? $"{chunk.DocumentName}, row {r}"
        : chunk.DocumentName;

    private sealed record Quote(RankedChunk Hit, int Rank, Sentence Sentence, HashSet<string> Stems, double Score);
}
