using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Answer verification: what a quoted sentence must support for it to answer the question <em>as asked</em>, not merely
/// share most of its words. The evidence measure lets a sentence win on overlap ("Cambridge bought land in Leeds" for
/// "What did Oxford buy in Leeds?"); these checks refuse it unless, in the sentence or its immediate context (the
/// sentences around it in its chunk, the heading before it, the document name — for names and numbers, which a sentence
/// often leaves to its neighbours; the other terms in the sentence itself, its heading or the document name):
/// <list type="bullet">
/// <item>every salient term is there — names, acronyms, numbers, dates, codes, relation words, common nouns — but for up
/// to half of them that are no rarer in the corpus than the terms that are there: questions paraphrase with common
/// words ("employees", the company's own name), an entity swap brings a rare one ("Oxford", "plasma", "veto");</item>
/// <item>what "how many" counts is there ("How many geese ..." is not answered about ducks);</item>
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
        "kind", "kinds", "type", "types", "sort", "material", "materials", "value", "mean", "means", "stand", "happen", "happens", "example",
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
        _tolerance = Math.Max(1, claims.Count / 2);
    }

    /// <summary>The salient terms of the question (its content terms but the answer-type words).</summary>
    public IReadOnlyList<string> Salient => _claims.Select(c => c.Stem).ToList();

    /// <param name="Forms">The stem and the other stems that state it: irregular forms ("buy", "bought"), a date's numeric
    /// forms ("januari", "01"; "second", "q2").</param>
    /// <param name="IsOrdinaryVerb">An everyday verb (<see cref="OrdinaryVerbs"/>): questions paraphrase with it, so it need not
    /// be quoted, but its opposite must not be.</param>
    private sealed record Claim(string Stem, IReadOnlyList<string> Forms, bool MayBeParaphrased, bool IsSpecific, bool Counted, double Weight, bool IsOrdinaryVerb)
    {
        public IReadOnlyList<string> Stems => Forms;
    }

    public static AnswerClaims Of(string question, IReadOnlyList<EvidenceTerm> terms, IReadOnlyList<int> frequencies, IReadOnlyList<double> weights)
    {
        var answerTypeStems = AnswerTypeWords.Select(IndexTokens.Stem).ToHashSet(StringComparer.Ordinal);
        var counted = CountedThing(question);
        var words = IndexTokens.Words(question).ToList();
        var askedType = AskedType(words);
        var claims = new List<Claim>();
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (!term.IsSpecific && (AnswerTypeWords.Contains(term.Token) || answerTypeStems.Contains(term.Stem) || term.Token == askedType))
            {
                continue;
            }

            var inCorpus = i < frequencies.Count && frequencies[i] > 0;
            // What "how many/much" counts is what the question is about: never paraphrased away ("How many geese ...").
            var mayBeParaphrased = !term.IsSpecific && inCorpus && term.Stem != counted;
            // A term the corpus never uses weighs more than any it does (its idf is the largest), so it is never a paraphrase.
            var forms = IrregularForms.Of(term.Stem).Concat(DateForms.Of(term.Stem, words)).Distinct(StringComparer.Ordinal).ToList();
            var ordinaryVerb = !term.IsSpecific && term.Stem != counted && OrdinaryVerbs.Contains(term.Stem);
            claims.Add(new Claim(term.Stem, forms, mayBeParaphrased, term.IsSpecific, term.Stem == counted, i < weights.Count ? weights[i] : 0, ordinaryVerb));
        }

        var first = words.FirstOrDefault();
        return new AnswerClaims(claims, Negation.NegatedStems(question), first is not null && YesNoOpeners.Contains(first),
            ValueMentions.AsksForValue(question), terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal));
    }

    private static readonly HashSet<string> ReferenceOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "this", "that", "these", "those", "it", "its", "they", "their", "he", "she", "his", "her", "such", "both",
    };

    private static bool StartsWithReference(string sentence)
    {
        var end = 0;
        while (end < sentence.Length && char.IsLetter(sentence[end]))
        {
            end++;
        }

        return end > 0 && ReferenceOpeners.Contains(sentence[..end]);
    }

    /// <summary>
    /// The noun that names the kind of thing the answer is, which the source seldom repeats: the word right after
    /// "which" / "what" ("In which cities ...?" answered by "Frankfurt and Dublin"), or the last word of a compound after
    /// "what is the" ("What is the mileage rate for ...?" answered by "reimbursed at 0.62 US dollars per mile"; its
    /// modifier "mileage" stays a claim). A lone noun after "what is the" ("What is the population of Kenya?") is what the
    /// question is about and stays a claim.
    /// </summary>
    private static string? AskedType(IReadOnlyList<string> words)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i] is not ("which" or "what"))
            {
                continue;
            }

            var next = words[i + 1];
            if (!Stopwords.Contains(next) && !YesNoOpeners.Contains(next))
            {
                return next;
            }

            var j = i + 1;
            while (j < words.Count && (YesNoOpeners.Contains(words[j]) || words[j] is "the" or "a" or "an"))
            {
                j++;
            }

            var run = words.Skip(j).TakeWhile(w => !Stopwords.Contains(w) && !YesNoOpeners.Contains(w)).ToList();
            return run.Count >= 2 ? run[^1] : null;
        }

        return null;
    }

    /// <summary>The stem of the word "how many" / "how much" counts, unless it names a unit ("how many days").</summary>
    private static string? CountedThing(string question)
    {
        var words = IndexTokens.Words(question).ToList();
        for (var i = 0; i + 2 < words.Count; i++)
        {
            if (words[i] == "how" && words[i + 1] is "many" or "much" && !AnswerTypeWords.Contains(words[i + 2]) && !Stopwords.Contains(words[i + 2]))
            {
                return IndexTokens.Stem(words[i + 2]);
            }
        }

        return null;
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

        bool InContext(Claim claim)
        {
            if (claim.Stems.Any(stem => candidate.Stems.Contains(stem) || analysis.DocumentNameStems.Contains(stem)))
            {
                return true;
            }

            // A common word may be asked in another form of the same family than the sentence uses ("respond" /
            // "response", "sign" / "signature"); a name or number must be there as it is.
            if (!claim.IsSpecific && candidate.Stems.Any(stem => WordFamily.Same(stem, claim.Stem) || WordFamily.Derived(stem, claim.Stem)))
            {
                return true;
            }

            var stem = claim.Stem;

            // A CSV row's context is its chunk (the header and the neighbouring rows); prose's is the sentences around it
            // and the heading above them.
            if (candidate.Sentence.Row is not null)
            {
                return analysis.EvidenceContext.Contains(stem);
            }

            // A sentence that opens with a reference back ("This myth was first debunked ...") is read with the one before.
            if (position > 0 && StartsWithReference(candidate.Sentence.Text) && sentences[position - 1].Stems.Contains(stem))
            {
                return true;
            }

            // A name or number may be in a neighbouring sentence ("It was signed by ..."); a relation word or a common
            // noun must be in the sentence that is quoted, or the quote answers another question.
            if (!claim.MayBeParaphrased && claim.IsSpecific)
            {
                for (var i = Math.Max(0, position - ContextSentences); i <= Math.Min(sentences.Count - 1, position + ContextSentences); i++)
                {
                    if (sentences[i].Stems.Contains(stem))
                    {
                        return true;
                    }
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

        // A question word whose opposite the sentence states instead ("increased" / "decreased", "signed" / "vetoed") is a
        // reversed relation or a false premise, however much else the two share.
        foreach (var stem in _questionStems)
        {
            if (!candidate.Stems.Contains(stem) && Opposites.Of(stem).FirstOrDefault(candidate.Stems.Contains) is { } opposite)
            {
                return $"the question says '{stem}', the sentence '{opposite}'";
            }
        }

        var found = _claims.Where(InContext).ToList();
        var usualWeight = found.Count == 0 ? 0 : found.Average(c => c.Weight);
        var missing = 0;
        foreach (var claim in _claims.Except(found))
        {
            // An everyday verb is how the question words the relation, not what it is about ("comes with", "give").
            if (claim.IsOrdinaryVerb)
            {
                continue;
            }

            // A missing term is a paraphrase only when it is common in the corpus (no rarer than the terms that were found:
            // "employees", the company's own name) and not what the question counts; a rare one, or one the corpus never
            // uses, means the question is about something the sentence is not.
            if (claim.Counted || claim.Weight > usualWeight || ++missing > _tolerance)
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
