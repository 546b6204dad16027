using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Answers with a language model (<c>AI:Chat:Provider</c> other than Extractive) on Agent Framework's
/// <see cref="ChatClientAgent"/>. Retrieval and the evidence gate are the extractive answerer's: below
/// <see cref="AnswerOptions.MinEvidence"/> the answer is <c>not_found</c> and no model is called. Otherwise the best
/// chunks become numbered sources in the retrieval-answer prompt, and the reply is trusted only as far as it can be
/// checked: the NOT_FOUND marker is <c>not_found</c>; of the rest, only sentences whose <c>[n]</c> markers all name a
/// provided source are kept; each cited source becomes a citation whose snippet is the chunk's sentence that best
/// matches what the model said, verbatim and verified against the store like an extractive quote. The ComplianceAgent
/// review still checks each sentence against its context afterwards.
/// </summary>
internal sealed partial class GenerativeAnswerer(
    ChunkSearcher searcher,
    CitationVerifier verifier,
    [FromKeyedServices(GenerativeAnswerer.AgentKey)] AIAgent agent,
    PromptLibrary prompts,
    UsageCalculator usage,
    IOptions<ChatClientOptions> chatOptions,
    IOptions<AnswerOptions> options,
    ILogger<GenerativeAnswerer> logger) : IDocumentAnswerer
{
    public const string AgentKey = "retrieval-answer";

    public async Task<AnswerResult> AnswerAsync(string question, int topK, ChunkFilter filter, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var retrieved = await RetrievedEvidence.GatherAsync(searcher, question, topK, filter, settings, cancellationToken);
        var (scorer, hits, sentences) = retrieved;
        var (best, evidence) = (retrieved.Best, retrieved.Evidence);

        // The gate comes before the model: what the extractive answerer would call not found is not found here either,
        // without a model call (no cost, and nothing for a model to invent from).
        if (best is null || evidence < settings.MinEvidence)
        {
            LogNotFound(scorer.Terms.Count, hits.Count, evidence, settings.MinEvidence);
            RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", AnswerStatus.NotFound));
            return new AnswerResult(ExtractiveAnswerer.NotFound(), evidence, best?.Hit);
        }

        // The sources: the chunks holding the best sentences, best first, each once.
        var sources = sentences.Select(s => s.Hit).DistinctBy(h => h.Chunk.Id).Take(settings.MaxSources)
            .Select((hit, i) => (Number: i + 1, Hit: hit))
            .ToList();
        var template = prompts.Get(PromptNames.RetrievalAnswer);
        var instructions = template.Render(new Dictionary<string, string>
        {
            ["sources"] = PromptSources.Format(sources.Select(s => new PromptSource(s.Number, Label(s.Hit.Chunk), s.Hit.Chunk.Text))),
            ["not_found"] = PromptNames.NotFoundMarker,
        });
        PromptTelemetry.Tag(template);

        var response = await agent.RunAsync(
            [new ChatMessage(ChatRole.User, question)],
            session: null,
            options: new ChatClientAgentRunOptions(new ChatOptions { Instructions = instructions }),
            cancellationToken);
        var answerUsage = usage.Calculate(response.Usage, (response.RawRepresentation as ChatResponse)?.ModelId ?? ConfiguredModel());

        var answer = await ComposeAsync(response.Text, sources, cancellationToken);
        answer = answer with { Usage = answerUsage, Prompt = template.Reference };
        RetrievalMetrics.Answers.Add(1, new KeyValuePair<string, object?>("status", answer.Status));
        LogAnswered(answer.Status, answer.Citations.Count, evidence, answerUsage.InputTokens, answerUsage.OutputTokens);
        var firstCited = answer.Citations.Count > 0 ? sources.First(s => s.Hit.Chunk.Id == answer.Citations[0].ChunkId).Hit : best.Hit;
        return new AnswerResult(answer, evidence, firstCited);
    }

    private async Task<AgentAnswer> ComposeAsync(string reply, List<(int Number, RankedChunk Hit)> sources, CancellationToken cancellationToken)
    {
        if (ModelReply.IsNotFound(reply))
        {
            return ExtractiveAnswerer.NotFound();
        }

        var byNumber = sources.ToDictionary(s => s.Number, s => s.Hit);
        var (kept, dropped) = ModelReply.CitedSentences(reply, byNumber.Keys.ToHashSet());
        if (dropped > 0)
        {
            LogDropped(dropped, dropped + kept.Count);
        }

        // One quote per cited source: the chunk sentence that best matches the model sentences citing it.
        var quotes = new Dictionary<int, Quote>();
        foreach (var number in kept.SelectMany(s => s.Cites).Distinct())
        {
            var said = EvidenceTerms.StemsOf(string.Join(' ', kept.Where(s => s.Cites.Contains(number)).Select(s => s.Plain)));
            if (BestQuote(byNumber[number], number, said) is { } quote)
            {
                quotes[number] = quote;
            }
        }

        var verified = (await verifier.VerifyAsync(quotes.Values.ToList(), cancellationToken)).Select(q => q.Rank).ToHashSet();
        // A sentence stands only if every source it cites has a verified quote.
        var answerable = kept.Where(s => s.Cites.All(verified.Contains)).ToList();
        if (answerable.Count == 0)
        {
            return ExtractiveAnswerer.NotFound();
        }

        // Citations are numbered in order of first use, like the extractive answer's.
        var map = new Dictionary<int, int>();
        foreach (var number in answerable.SelectMany(s => s.Cites).Where(n => !map.ContainsKey(n)))
        {
            map[number] = map.Count + 1;
        }

        var citations = new List<Citation>();
        var contexts = new List<AnswerContext>();
        foreach (var (source, citationNumber) in map.OrderBy(m => m.Value))
        {
            var quote = quotes[source];
            var chunk = quote.Hit.Chunk;
            citations.Add(new Citation(citationNumber, chunk.DocumentId, chunk.DocumentName, chunk.Page, quote.Sentence.Row, chunk.Id,
                Snippet: quote.Text, Score: Math.Round(quote.Hit.Score, 6), StartOffset: quote.Start, EndOffset: quote.End));
            contexts.Add(new AnswerContext(citationNumber, Label(chunk), chunk.Text));
        }

        var text = string.Join(' ', answerable.Select(s => ModelReply.Renumber(s.Text, map)));
        return new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, text, citations, contexts);
    }

    /// <summary>The quotable sentence of the chunk sharing the most terms with what was said (earliest on a tie).</summary>
    private static Quote? BestQuote(RankedChunk hit, int number, HashSet<string> said)
    {
        var best = ChunkAnalysis.Of(hit.Chunk).Sentences
            .Where(s => !s.Sentence.IsHeading)
            .Select(s => (s.Sentence, Overlap: s.Stems.Count(said.Contains)))
            .OrderByDescending(s => s.Overlap)
            .ThenBy(s => s.Sentence.Position)
            .FirstOrDefault();
        // Rank carries the source number, so verified quotes map back to their source.
        return best.Sentence is null ? null : new Quote(hit, number, best.Sentence, best.Sentence.QuoteFrom(hit.Chunk.Text), best.Overlap);
    }

    private string ConfiguredModel()
    {
        var o = chatOptions.Value;
        return ConfiguredChatClientExtensions.ConfiguredModel(o, ChatProviders.Normalize(o.Provider) ?? o.Provider);
    }

    private static string Label(StoredChunk chunk) =>
        chunk.Page is { } page ? $"{chunk.DocumentName}, page {page}"
        : chunk.Row is { } row ? $"{chunk.DocumentName}, row {row}"
        : chunk.DocumentName;

    // Counts and scores only: neither the question nor the reply is logged (they may hold personal data).
    [LoggerMessage(Level = LogLevel.Debug, Message = "No answer (no model call): {TermCount} content terms, {HitCount} hits, best evidence {BestEvidence:F2} (threshold {MinEvidence:F2})")]
    private partial void LogNotFound(int termCount, int hitCount, double bestEvidence, double minEvidence);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model answer {Status} with {CitationCount} citations (best evidence {BestEvidence:F2}, {InputTokens} in / {OutputTokens} out tokens)")]
    private partial void LogAnswered(string status, int citationCount, double bestEvidence, int inputTokens, int outputTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Dropped} of {Total} model sentences without a citation of a provided source")]
    private partial void LogDropped(int dropped, int total);
}
