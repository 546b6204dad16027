using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// The evidence a passage gives for a question, in [0, 1]. Each content term of the question (<see cref="EvidenceTerms"/>,
/// normalised and Porter-stemmed as the FTS index does) weighs its inverse document frequency over the chunks the
/// caller may read, <c>idf = ln(1 + (N − df + 0.5) / (df + 0.5))</c> (BM25's), so a term found nowhere the caller may read
/// ("paternity", "ticker") weighs the most and one found everywhere ("employees", "Alderbrook") almost nothing. A
/// sentence's evidence is the weighted share of those terms it holds: a term in the sentence itself counts fully, a
/// term only elsewhere in its chunk or the document name counts <see cref="AnswerOptions.ContextCredit"/>, an absent
/// term not at all; a fragment (no sentence punctuation) counts <see cref="FragmentPenalty"/> of that. A chunk may only
/// supply evidence when it holds <see cref="AnswerOptions.MinSpecificCoverage"/> of the question's specific terms and
/// every required one (a year, a code).
/// </summary>
internal sealed class EvidenceScorer
{
    /// <summary>Score factor of a fragment (no sentence-ending punctuation) against a complete sentence.</summary>
    public const double FragmentPenalty = 0.8;

    private readonly IReadOnlyList<EvidenceTerm> _terms;
    private readonly double[] _weights;
    private readonly double _total;
    private readonly AnswerOptions _options;
    private readonly Lazy<AnswerClaims> _claims;
    private readonly bool _asksForTitle;

    private EvidenceScorer(string question, IReadOnlyList<EvidenceTerm> terms, double[] weights, int[] frequencies, AnswerOptions options)
    {
        _terms = terms;
        _weights = weights;
        _total = weights.Sum();
        _options = options;
        _asksForTitle = ValueMentions.AsksForTitle(question);
        _claims = new(() => AnswerClaims.Of(question, terms, frequencies, weights));
    }

    /// <summary>What a quoted sentence must support for the answer to answer the question as asked.</summary>
    public AnswerClaims Claims => _claims.Value;

    public IReadOnlyList<EvidenceTerm> Terms => _terms;

    /// <summary>The term weights for <paramref name="question"/> from the statistics of what the caller may read.</summary>
    public static async Task<EvidenceScorer> CreateAsync(string question, IChunkStore store, ChunkFilter filter, AnswerOptions options, CancellationToken cancellationToken)
    {
        var terms = EvidenceTerms.ForQuestion(question);
        if (terms.Count == 0)
        {
            return new EvidenceScorer(question, terms, [], [], options);
        }

        // Rarity is a property of the corpus the caller may read, not of the request's metadata filters.
        var access = new ChunkFilter { CallerGroups = filter.CallerGroups };
        var statistics = await store.GetTermStatisticsAsync(terms.Select(t => t.Token).ToList(), access, cancellationToken);
        var frequencies = terms.Select(t => statistics.DocumentFrequency.GetValueOrDefault(t.Token)).ToArray();
        var weights = frequencies.Select(df => InverseDocumentFrequency(statistics.ChunkCount, df)).ToArray();
        return new EvidenceScorer(question, terms, weights, frequencies, options);
    }

    /// <summary>
    /// The term weights for <paramref name="question"/> from the statistics of <paramref name="passages"/> alone (each
    /// passage one "chunk"): what <see cref="ExtractiveChatClient"/> has when all it is given is a prompt's sources.
    /// </summary>
    public static EvidenceScorer ForPassages(string question, IReadOnlyList<string> passages, AnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var terms = EvidenceTerms.ForQuestion(question);
        var stems = passages.Select(EvidenceTerms.StemsOf).ToList();
        var frequencies = terms.Select(t => stems.Count(s => s.Contains(t.Stem))).ToArray();
        var weights = frequencies.Select(df => InverseDocumentFrequency(stems.Count, df)).ToArray();
        return new EvidenceScorer(question, terms, weights, frequencies, options);
    }

    public static double InverseDocumentFrequency(int chunkCount, int documentFrequency)
    {
        var n = Math.Max(chunkCount, 0);
        var df = Math.Clamp(documentFrequency, 0, n);
        return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    /// <summary>The weight of each term, in the order of <see cref="Terms"/>.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The stems of a chunk and its document name: the context of each of its sentences.</summary>
    public static HashSet<string> ContextOf(StoredChunk chunk) => ChunkAnalysis.Of(chunk).EvidenceContext;

    /// <summary>Whether the chunk may supply evidence: enough of the specific terms and every required one.</summary>
    public bool IsEligible(HashSet<string> context)
    {
        if (_terms.Any(t => t.IsRequired && !context.Contains(t.Stem)))
        {
            return false;
        }

        var specific = _terms.Where(t => t.IsSpecific).ToList();
        return specific.Count == 0 || (double)specific.Count(t => context.Contains(t.Stem)) / specific.Count >= _options.MinSpecificCoverage;
    }

    /// <summary>The evidence of one sentence given its own stems and those of its context (chunk + document name).</summary>
    public double Score(bool isComplete, HashSet<string> sentence, HashSet<string> context) =>
        Weighted(sentence, context, _options.ContextCredit) * (isComplete ? 1 : FragmentPenalty);

    /// <summary>The share of the question's weight the sentence itself holds (no context credit), for ranking supporting sentences.</summary>
    public double Direct(bool isComplete, HashSet<string> sentence) =>
        Weighted(sentence, sentence, 0) * (isComplete ? 1 : FragmentPenalty);

    private double Weighted(HashSet<string> sentence, HashSet<string> context, double contextCredit)
    {
        if (_total <= 0)
        {
            return 0;
        }

        var sum = 0.0;
        for (var i = 0; i < _terms.Count; i++)
        {
            var stem = _terms[i].Stem;
            sum += sentence.Contains(stem) ? _weights[i] : context.Contains(stem) ? contextCredit * _weights[i] : 0;
        }

        return Math.Clamp(sum / _total, 0, 1);
    }

    /// <summary>Every quotable sentence of the eligible hits with its evidence, best first.</summary>
    public List<ScoredSentence> ScoreSentences(IReadOnlyList<RankedChunk> hits)
    {
        var scored = new List<ScoredSentence>();
        if (_terms.Count == 0)
        {
            return scored;
        }

        for (var rank = 0; rank < hits.Count; rank++)
        {
            var hit = hits[rank];
            var context = ContextOf(hit.Chunk);
            if (!IsEligible(context))
            {
                continue;
            }

            // A heading states nothing, so it never answers; except the question that asks for a title ("What is the
            // title of the report?"), which a heading is the answer to (whole as it is: no fragment penalty).
            foreach (var (sentence, stems, isComplete, _, _) in ChunkAnalysis.Of(hit.Chunk).Sentences.Where(s => !s.Sentence.IsHeading || _asksForTitle))
            {
                var complete = isComplete || sentence.IsHeading;
                var evidence = Score(complete, stems, context);
                if (Direct(complete, stems) > 0)
                {
                    scored.Add(new ScoredSentence(hit, rank, sentence, stems, evidence, Direct(complete, stems)));
                }
            }
        }

        return scored
            .OrderByDescending(s => s.Evidence)
            .ThenBy(s => s.Rank)
            .ThenBy(s => s.Sentence.Position)
            .ToList();
    }
}

/// <summary>A quotable sentence of a hit with its evidence (context credit included) and its direct share (the sentence alone).</summary>
internal sealed record ScoredSentence(RankedChunk Hit, int Rank, Sentence Sentence, HashSet<string> Stems, double Evidence, double Direct);
