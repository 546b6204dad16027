using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RiskAgent.Assessment;

/// <summary>
/// The rule-based risk score of an answer: each rule that fires adds a reason with its configured level, and the answer's
/// level is the highest of them (<c>low</c> when none fires). Rules read the answer text (without its <c>[n]</c> markers),
/// the question for restricted topics, the citations for where figures come from, and the review's findings.
/// Patterns are deliberately narrow: a rule should fire on advice, not on a policy that mentions investments.
/// </summary>
public sealed partial class RiskRules(IOptionsMonitor<RiskOptions> options)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public IReadOnlyList<RiskReason> Evaluate(RiskRequest request)
    {
        var settings = options.CurrentValue;
        var levels = settings.Levels;
        var text = CitationMarker().Replace(request.Answer, " ");
        var reasons = new List<RiskReason>();

        if (FirstMatch(text, FinancialAdvicePatterns) is { } advice)
        {
            reasons.Add(new(RiskCodes.FinancialAdvice, levels.FinancialAdvice, $"The answer reads as financial advice (\"{Excerpt(advice)}\")."));
        }

        if (FirstMatch(text, LegalAdvicePatterns) is { } legal)
        {
            reasons.Add(new(RiskCodes.LegalAdvice, levels.LegalAdvice, $"The answer reads as legal advice (\"{Excerpt(legal)}\")."));
        }

        if (PersonalData(text) is { } personal)
        {
            reasons.Add(personal.Named
                ? new(RiskCodes.PersonalData, levels.PersonalData, $"The answer gives {personal.Kind} about a named person.")
                : new(RiskCodes.PersonalData, levels.ContactDetails, $"The answer contains {personal.Kind}."));
        }

        if (FiguresFrom(text, request.Citations ?? []) is { } source)
        {
            reasons.Add(new(RiskCodes.FiguresAsFact, levels.FiguresAsFact,
                $"The answer states figures taken from {source} as fact; they are only as current as that source."));
        }

        foreach (var weak in Groundedness(request, settings.MinSupport))
        {
            reasons.Add(new(RiskCodes.LowGroundedness, levels.LowGroundedness, weak));
        }

        if (request.SourceFindings is { Count: > 0 } findings)
        {
            var sources = string.Join(", ", findings.Select(f => $"[{f.Context}] {f.Source}").Distinct().Take(3));
            var rules = string.Join(", ", findings.Select(f => f.Rule).Distinct());
            reasons.Add(new(RiskCodes.SourceInstructions, levels.SourceInstructions,
                $"A source of the answer holds instructions aimed at the model ({rules} in {sources}); they were treated as quoted data."));
        }

        foreach (var (name, topic) in settings.RestrictedTopics.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var term = topic.Terms.FirstOrDefault(t => ContainsWord(request.Question, t) || ContainsWord(text, t));
            if (term is not null)
            {
                reasons.Add(new(RiskCodes.RestrictedTopic, topic.Level, $"The restricted topic '{name}' comes up (\"{term.Trim()}\")."));
            }
        }

        return reasons;
    }

    /// <summary>The highest level among the reasons; <c>low</c> when there are none.</summary>
    public static string LevelOf(IEnumerable<RiskReason> reasons) =>
        reasons.Select(r => r.Level).Aggregate(RiskLevels.Low, RiskLevels.Max);

    private static string? FirstMatch(string text, Regex[] patterns)
    {
        foreach (var pattern in patterns)
        {
            try
            {
                if (pattern.Match(text) is { Success: true } match)
                {
                    return match.Value;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // An answer that takes this long to match is not normal prose: say so rather than pass it quietly.
                return "(the text could not be checked in time)";
            }
        }

        return null;
    }

    private static string Excerpt(string match) => match.Length <= 80 ? match.Trim() : match[..77].Trim() + "...";

    private static readonly Regex[] FinancialAdvicePatterns =
    [
        new(@"\b(?:you|we|i|investors?|clients?)\s+(?:should|must|ought\s+to|need\s+to|may\s+want\s+to)\s+(?:\w+\s+){0,3}?(?:buy|sell|invest|short|hold|purchase|trade|divest|allocate|move\s+your)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\b(?:recommend|advise|suggest|urge)(?:s|d|ed)?\s+(?:\w+\s+){0,3}?(?:buying|selling|investing|holding|shorting|purchasing)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\b(?:guaranteed|risk[- ]free|certain|sure)\s+(?:returns?|profits?|gains?|income)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\b(?:is|are)\s+(?:a\s+)?(?:good|great|safe|smart|bad)\s+investments?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\b(?:strong\s+)?(?:buy|sell)\s+(?:rating|recommendation|signal)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
    ];

    private static readonly Regex[] LegalAdvicePatterns =
    [
        new(@"\byou\s+(?:should|could|can|must|may\s+want\s+to)\s+(?:sue|file\s+(?:a\s+)?(?:lawsuit|claim|complaint|suit)|take\s+(?:them\s+|it\s+)?(?:to\s+court|legal\s+action))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\b(?:you|they|he|she|the\s+company)\s+(?:are|is|were|was|'re)\s+(?:not\s+)?(?:legally|contractually)\s+(?:entitled|obliged|obligated|required|liable|responsible)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\b(?:this|that|it)\s+(?:constitutes|amounts\s+to|would\s+be)\s+(?:a\s+)?(?:breach\s+of\s+contract|violation\s+of\s+(?:the\s+)?law|negligence|fraud|defamation|illegal|unlawful)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\byou\s+(?:will|would)\s+(?:likely\s+)?(?:win|lose)\s+(?:the|your|this)\s+(?:case|lawsuit|claim)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
        new(@"\byou\s+(?:have|do\s+not\s+have|don't\s+have)\s+(?:a\s+)?(?:strong\s+|good\s+|valid\s+)?(?:legal\s+)?(?:case|claim|grounds\s+to\s+sue)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout),
    ];

    private static (string Kind, bool Named)? PersonalData(string text)
    {
        // Sentence by sentence: a name and a personal detail must occur together to be "about a named person".
        (string Kind, bool Named)? unnamed = null;
        foreach (var sentence in SentenceEnd().Split(text))
        {
            var kind = PersonalKind(sentence);
            if (kind is null)
            {
                continue;
            }

            if (NamedPerson(sentence))
            {
                return (kind, true);
            }

            if (kind is "an e-mail address" or "a phone number")
            {
                unnamed ??= (kind, false);
            }
        }

        return unnamed;
    }

    private static string? PersonalKind(string sentence)
    {
        if (Email().IsMatch(sentence))
        {
            return "an e-mail address";
        }

        if (Phone().IsMatch(sentence))
        {
            return "a phone number";
        }

        return PersonalTerm().Match(sentence) is { Success: true } term ? PersonalKinds.Describe(term.Value) : null;
    }

    private static bool NamedPerson(string sentence)
    {
        if (Honorific().IsMatch(sentence))
        {
            return true;
        }

        foreach (Match name in CapitalisedPair().Matches(sentence))
        {
            var first = name.Groups[1].Value;
            var last = name.Groups[2].Value;
            if (!NotNames.Contains(first) && !NotNames.Contains(last))
            {
                return true;
            }
        }

        return false;
    }

    // Capitalised words that begin sentences or name things rather than people.
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "The", "A", "An", "This", "That", "These", "Those", "Our", "Your", "His", "Her", "Their", "Its", "All", "Each", "Every",
        "Any", "No", "If", "When", "For", "In", "On", "At", "By", "To", "From", "With", "And", "Or", "But", "As", "Per",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Policy", "Plan", "Plans",
        "Team", "Department", "Company", "Ltd", "Inc", "Limited", "Support", "Security", "Information", "Travel", "Expense",
        "Expenses", "Leave", "Annual", "Quarterly", "Price", "List", "Product", "Service", "Services", "Level", "Agreement",
        "Employee", "Employees", "Manager", "Customer", "Customers", "Data", "Human", "Resources", "Finance", "Legal", "Sales",
        "North", "South", "East", "West", "Europe", "America", "United", "States", "Kingdom", "New", "York", "Switchboard",
        "API", "FAQ", "SLA", "Q1", "Q2", "Q3", "Q4", "Premium", "Standard", "Basic", "Enterprise", "Pro", "Business",
        "People", "Operations", "Office", "Board", "Group", "Committee", "Center", "Centre", "Desk", "Help", "Payroll",
        "Benefits", "Health", "Insurance", "Care", "Act", "Law", "Regulation", "General", "Protection", "Privacy", "Report",
        "Sick", "Medical", "Parental", "Public", "Holiday", "Holidays", "Head", "Chief", "Officer", "Director",
    };

    private static string? FiguresFrom(string text, IReadOnlyList<Citation> citations)
    {
        if (!Figure().IsMatch(text))
        {
            return null;
        }

        var sources = citations
            .Where(c => c.DocumentId.StartsWith("api:", StringComparison.Ordinal)
                        || c.Row is not null
                        || c.DocumentName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Select(c => c.DocumentName)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return sources.Count == 0 ? null : string.Join(", ", sources);
    }

    private static IEnumerable<string> Groundedness(RiskRequest request, double minSupport)
    {
        if (request.ReviewVerdict == ReviewVerdicts.Revise)
        {
            yield return "The review removed sentences it could not verify; what is left rests on fewer sources than the answer first claimed.";
        }

        if (request.MinSupport is { } support && support < minSupport)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"A sentence is only weakly supported by its sources (support {support:0.00}, below {minSupport:0.00}).");
        }

        if (request.Citations is not { Count: > 0 } && !CitationMarker().IsMatch(request.Answer) && !string.IsNullOrWhiteSpace(request.Answer))
        {
            yield return "The answer cites no source.";
        }
    }

    private static bool ContainsWord(string text, string term)
    {
        var trimmed = term.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        var index = 0;
        while ((index = text.IndexOf(trimmed, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var end = index + trimmed.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            index = end;
        }

        return false;
    }

    [GeneratedRegex(@"\[\d+(?:\s*,\s*\d+)*\]")]
    private static partial Regex CitationMarker();

    // A sentence ends at . ! or ?, but not after an honorific ("Dr. Jansen" is one sentence).
    [GeneratedRegex(@"(?<=[.!?])(?<!\b(?:Mr|Mrs|Ms|Dr|Prof|St)\.)\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?:\+\d{1,3}[\s-]?)?\(?\d{2,4}\)?[\s-]\d{3,4}[\s-]\d{3,4}\b")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b(?:salary|salaries|home\s+address|date\s+of\s+birth|born\s+on|medical|diagnos(?:is|ed)|health\s+condition|sick\s+leave|disability|pregnan(?:t|cy)|religio(?:n|us)|social\s+security|passport\s+number|bank\s+account|performance\s+review|disciplinary|criminal\s+record|sexual\s+orientation|ethnicity)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PersonalTerm();

    [GeneratedRegex(@"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][a-z]+")]
    private static partial Regex Honorific();

    [GeneratedRegex(@"\b([A-Z][a-z]{1,20})\s+([A-Z][a-z]{1,20})(?:'s)?\b")]
    private static partial Regex CapitalisedPair();

    [GeneratedRegex(@"(?:[$€£]\s?\d|\d[\d,]*(?:\.\d+)?\s?(?:%|percent|USD|EUR|GBP|million|billion|k\b)|\b\d{2,}(?:[.,]\d+)?\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Figure();

    private static class PersonalKinds
    {
        public static string Describe(string term)
        {
            var lower = term.ToLowerInvariant();
            return lower switch
            {
                _ when lower.StartsWith("salar", StringComparison.Ordinal) => "salary details",
                _ when lower.Contains("address", StringComparison.Ordinal) => "a home address",
                _ when lower.Contains("birth", StringComparison.Ordinal) || lower.StartsWith("born", StringComparison.Ordinal) => "a date of birth",
                _ when lower is "medical" || lower.StartsWith("diagnos", StringComparison.Ordinal) || lower.Contains("health", StringComparison.Ordinal)
                       || lower.Contains("sick", StringComparison.Ordinal) || lower.StartsWith("disab", StringComparison.Ordinal)
                       || lower.StartsWith("pregnan", StringComparison.Ordinal) => "health information",
                _ => $"personal data ({lower})",
            };
        }
    }
}
