using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Answer verification: what a quoted sentence must support for it to answer the question <em>as asked</em>, not merely
/// share most of its words. The evidence measure lets a sentence win on overlap ("Cambridge bought land in Leeds" for
/// "What did Oxford buy in Leeds?"); these checks refuse it unless, in the sentence or its immediate context (the
/// sentences around it in its chunk, the heading before it, the document name):
/// <list type="bullet">
/// <item>every specific term of the question is there: names, acronyms, numbers, dates, codes;</item>
/// <item>every term the corpus does not hold at all is there (it is not: the question is about something else);</item>
/// <item>the other salient terms (relation words, common nouns) are there, but for one in three that is no rarer than
/// the terms that are there — questions paraphrase with common words, an entity swap brings a rare one;</item>
/// <item>a question that asks for a value (how many, when, what amount) is quoted a sentence that states one;</item>
/// <item>what the question negates the sentence negates, and the sentence does not negate what the question asserts
/// (a yes/no question excepted: "Does X imply Y?" is answered by "X does not imply Y").</item>
/// </list>
/// Words that name the kind of answer wanted ("date", "amount", "how many", "highest") are not claims.
/// Everything read from the sentence was analysed once per chunk (<see cref="ChunkAnalysis"/>); a question only looks up.
/// </summary>
internal sealed class AnswerClaims
{
    /// <summary>How far around the quoted sentence its immediate context reaches, in sentences of the same chunk.</summary>
    public const int ContextSentences = 2;

    // Words that name the answer wanted rather than a claim the sentence must support.
    private static readonly HashSet<string> AnswerTypeWords = new(StringComparer.Ordinal)
    {
        "date", "dates", "day", "days", "year", "years", "month", "months", "week", "weeks", "hour", "hours", "time", "times",
        "number", "numbers", "amount", "amounts", "long", "often", "percentage", "percent", "share", "name", "named", "called", "call",
        "highest", "lowest", "maximum", "minimum", "max", "min", "largest", "smallest", "biggest", "greatest", "least", "total",
        "kind", "kinds", "type", "types", "sort", "value", "mean", "means", "stand", "happen", "happens", "example",
        "title", "described", "describe", "yet", "still", "already", "currently", "generally", "usually", "exactly", "say", "said", "state", "stated", "according", "document", "documents", "give", "show", "shows",
    };

    private static readonly HashSet<string> YesNoOpeners = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "were", "does", "do", "did", "can", "could", "should", "must", "will", "would", "has", "have", "had", "may",
    };

    private readonly IReadOnlyList<Claim> _claims;
    private readonly HashSet<string> _negated;
    private readonly bool _yesNo;
    private readonly bool _asksForValue;
    private readonly HashSet<string> _questionStems;
    private readonly int _tolerance;

    private AnswerClaims(IReadOnlyList<Claim> claims, HashSet<string> negated, bool yesNo, bool asksForValue, HashSet<string> questionStems)
    {
        _claims = claims;
        _negated = negated;
        _yesNo = yesNo;
        _asksForValue = asksForValue;
        _questionStems = questionStems;
        _tolerance = Math.Max(0, (claims.Count(c => c.MayBeParaphrased) - 1) / 3);
    }

    /// <summary>The salient terms of the question (its content terms but the answer-type words).</summary>
    public IReadOnlyList<string> Salient => _claims.Select(c => c.Stem).ToList();

    private sealed record Claim(string Stem, bool MayBeParaphrased, double Weight);

    public static AnswerClaims Of(string question, IReadOnlyList<EvidenceTerm> terms, IReadOnlyList<int> frequencies, IReadOnlyList<double> weights)
    {
        var answerTypeStems = AnswerTypeWords.Select(IndexTokens.Stem).ToHashSet(StringComparer.Ordinal);
        var claims = new List<Claim>();
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (!term.IsSpecific && (AnswerTypeWords.Contains(term.Token) || answerTypeStems.Contains(term.Stem)))
            {
                continue;
            }

            var inCorpus = i < frequencies.Count && frequencies[i] > 0;
            claims.Add(new Claim(term.Stem, MayBeParaphrased: !term.IsSpecific && inCorpus, i < weights.Count ? weights[i] : 0));
        }

        var first = IndexTokens.Words(question).FirstOrDefault();
        return new AnswerClaims(claims, Negation.NegatedStems(question), first is not null && YesNoOpeners.Contains(first),
            ValueMentions.AsksForValue(question), terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Whether the sentence, in its immediate context, answers the question as asked.</summary>
    public bool AreSupportedBy(ScoredSentence candidate) => Unsupported(candidate) is null;

    /// <summary>The first reason the sentence does not answer the question as asked, or null when it does.</summary>
    public string? Unsupported(ScoredSentence candidate)
    {
        var analysis = ChunkAnalysis.Of(candidate.Hit.Chunk);
        var sentences = analysis.Sentences;
        var position = candidate.Sentence.Position;
        var sentence = position < sentences.Count ? sentences[position] : null;

        bool InContext(string stem)
        {
            if (candidate.Stems.Contains(stem) || analysis.DocumentNameStems.Contains(stem))
            {
                return true;
            }

            // A CSV row's context is its chunk (the header and the neighbouring rows); prose's is the sentences around it
            // and the heading above them.
            if (candidate.Sentence.Row is not null)
            {
                return analysis.EvidenceContext.Contains(stem);
            }

            for (var i = Math.Max(0, position - ContextSentences); i <= Math.Min(sentences.Count - 1, position + ContextSentences); i++)
            {
                if (sentences[i].Stems.Contains(stem))
                {
                    return true;
                }
            }

            for (var i = position - 1; i >= 0; i--)
            {
                if (sentences[i].Sentence.IsHeading)
                {
                    return sentences[i].Stems.Contains(stem);
                }
            }

            return false;
        }

        if (_asksForValue && sentence is { StatesValue: false })
        {
            return "the question asks for a value and the sentence states none";
        }

        var found = _claims.Where(c => InContext(c.Stem)).ToList();
        var usualWeight = found.Count == 0 ? 0 : found.Average(c => c.Weight);
        var missing = 0;
        foreach (var claim in _claims.Except(found))
        {
            if (!claim.MayBeParaphrased || claim.Weight > usualWeight || ++missing > _tolerance)
            {
                return $"'{claim.Stem}' is not in the cited sentence or its context";
            }
        }

        var sentenceNegates = sentence?.NegatedStems ?? [];
        foreach (var stem in _negated)
        {
            if (candidate.Stems.Contains(stem) && !sentenceNegates.Contains(stem))
            {
                return $"the question negates '{stem}', the sentence does not";
            }
        }

        if (!_yesNo)
        {
            foreach (var stem in sentenceNegates)
            {
                if (!_negated.Contains(stem) && _questionStems.Contains(stem))
                {
                    return $"the sentence negates '{stem}', the question does not";
                }
            }
        }

        return null;
    }
}
