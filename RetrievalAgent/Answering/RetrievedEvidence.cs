using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// What every document answerer starts from: the question's evidence terms, the hits the caller may read, and their
/// sentences scored by evidence, best first. The best sentence's evidence is what the not-found gate compares, so the
/// extractive and the generative answerer decide "not found" identically.
/// </summary>
internal sealed record RetrievedEvidence(EvidenceScorer Scorer, IReadOnlyList<RankedChunk> Hits, List<ScoredSentence> Sentences)
{
    public ScoredSentence? Best => Sentences.FirstOrDefault();

    public double Evidence => Best?.Evidence ?? 0;

    public static async Task<RetrievedEvidence> GatherAsync(
        ChunkSearcher searcher, string question, int topK, ChunkFilter filter, AnswerOptions options, CancellationToken cancellationToken)
    {
        var scorer = await EvidenceScorer.CreateAsync(question, searcher.Store, filter, options, cancellationToken);
        // A question without content terms has nothing to search for.
        IReadOnlyList<RankedChunk> hits = scorer.Terms.Count == 0 ? [] : await searcher.SearchAsync(question, topK, filter, cancellationToken);
        return new RetrievedEvidence(scorer, hits, scorer.ScoreSentences(hits));
    }
}
