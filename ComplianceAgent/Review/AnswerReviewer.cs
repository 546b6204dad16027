using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>
/// The second pass on an answer (grounding): every sentence must cite at least one context, every cited number must
/// exist, every number in the sentence must appear in the cited contexts, and at least
/// <see cref="ReviewOptions.MinSupport"/> of its content terms must be found there. The verdict is <c>pass</c> when
/// all sentences hold, <c>revise</c> (keeping only the supported ones) when some do, <c>block</c> when none does.
/// <c>needs_approval</c> is reserved for the approval workflow and never produced here.
/// </summary>
public sealed partial class AnswerReviewer(IOptionsMonitor<ReviewOptions> options, ILogger<AnswerReviewer> logger)
{
    private static readonly Counter<long> Reviews = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.compliance.reviews", "{answer}", "Answers reviewed, by verdict");

    public ReviewResult Review(string answer, IReadOnlyList<AnswerContext> contexts)
    {
        var minSupport = options.CurrentValue.MinSupport;
        var contextTerms = contexts
            .GroupBy(c => c.Number)
            .ToDictionary(g => g.Key, g => TermExtractor.Extract(string.Join('\n', g.Select(c => c.Text))));

        var sentences = QuotedSentences.Split(answer, contexts);
        var reviews = new List<SentenceReview>(sentences.Count);
        var problems = new List<string>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var (review, problem) = ReviewSentence(sentences[i], contextTerms, minSupport);
            reviews.Add(review);
            if (problem is not null)
            {
                problems.Add($"sentence {i + 1} {problem}");
            }
        }

        var result = Decide(sentences, reviews, problems);
        Reviews.Add(1, new KeyValuePair<string, object?>("verdict", result.Verdict));
        LogReviewed(result.Verdict, reviews.Count(r => r.Supported), reviews.Count, contexts.Count);
        return result;
    }

    private static (SentenceReview Review, string? Problem) ReviewSentence(
        AnswerSentence sentence, IReadOnlyDictionary<int, ContentTerms> contextTerms, double minSupport)
    {
        var cites = sentence.Cites;
        if (cites.Count == 0)
        {
            return (new SentenceReview(sentence.Text, cites, false, 0), "has no citation");
        }

        var cited = cites.Where(contextTerms.ContainsKey).Select(n => contextTerms[n]).ToList();
        var support = Support(TermExtractor.Extract(sentence.Text), cited, out var missingNumbers);

        var unknown = cites.Where(n => !contextTerms.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            return (new SentenceReview(sentence.Text, cites, false, support),
                $"cites {string.Join(", ", unknown.Select(n => $"[{n}]"))}, which is not among the contexts");
        }

        if (missingNumbers > 0)
        {
            return (new SentenceReview(sentence.Text, cites, false, support),
                $"states {missingNumbers} number(s) its cited contexts do not contain");
        }

        return support >= minSupport
            ? (new SentenceReview(sentence.Text, cites, true, support), null)
            : (new SentenceReview(sentence.Text, cites, false, support), $"is supported at {support:0.00}, below {minSupport:0.00}");
    }

    /// <summary>The share of the sentence's distinct content terms found in the union of its cited contexts.</summary>
    private static double Support(ContentTerms sentence, IReadOnlyList<ContentTerms> cited, out int missingNumbers)
    {
        var words = cited.SelectMany(c => c.Words).ToHashSet(StringComparer.Ordinal);
        var numbers = cited.SelectMany(c => c.Numbers).ToHashSet(StringComparer.Ordinal);
        missingNumbers = sentence.Numbers.Count(n => !numbers.Contains(n));

        if (sentence.Count == 0)
        {
            // Nothing to check ("See the table. [1]"): only its citation can be judged, and that was.
            return cited.Count > 0 ? 1.0 : 0.0;
        }

        var covered = sentence.Words.Count(words.Contains) + sentence.Numbers.Count(numbers.Contains);
        return Math.Round((double)covered / sentence.Count, 4);
    }

    // Internal: GroundednessReview re-decides with the judge's findings combined in.
    internal static ReviewResult Decide(IReadOnlyList<AnswerSentence> sentences, List<SentenceReview> reviews, List<string> problems)
    {
        var supported = reviews.Count(r => r.Supported);
        if (reviews.Count == 0)
        {
            return new ReviewResult(ReviewVerdicts.Block, reviews, null, "The answer is empty.");
        }

        if (supported == reviews.Count)
        {
            return new ReviewResult(ReviewVerdicts.Pass, reviews, null, null);
        }

        var reason = $"{reviews.Count - supported} of {reviews.Count} sentences are not supported by their cited contexts: "
            + string.Join("; ", problems) + ".";
        if (supported == 0)
        {
            return new ReviewResult(ReviewVerdicts.Block, reviews, null, reason);
        }

        var revised = string.Join(' ', sentences.Where((_, i) => reviews[i].Supported).Select(s => s.Original));
        return new ReviewResult(ReviewVerdicts.Revise, reviews, revised, reason);
    }

    // Counts only: answers may quote personal data from the documents.
    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Reviewed an answer: {Verdict} ({Supported} of {Sentences} sentences supported, {Contexts} contexts)")]
    private partial void LogReviewed(string verdict, int supported, int sentences, int contexts);
}
