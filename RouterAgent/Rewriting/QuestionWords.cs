using System.Text.RegularExpressions;

namespace Switchboard.RouterAgent.Rewriting;

/// <summary>The small English word lists the rule-based rewriter reads questions with.</summary>
internal static partial class QuestionWords
{
    public static readonly HashSet<string> Prepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "for", "during", "on", "at", "by", "from", "of", "over", "since", "before", "after", "within", "under", "with",
        "about", "per", "to",
    };

    public static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "its", "their", "our", "your", "my", "this", "that", "these", "those",
    };

    public static readonly HashSet<string> QuestionStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
        "might", "must", "has", "have", "had", "be", "been", "being",
    };

    /// <summary>Words a fragment ("thanks!", "ok") may be that are not a name to substitute.</summary>
    public static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "thanks", "thank", "hello", "hi", "hey", "ok", "okay", "yes", "no", "bye", "great", "cool", "please", "sure", "nice",
        "i", "why", "how", "what", "really",
    };

    /// <summary>Lead-ins that mark a follow-up; the longest is tried first.</summary>
    public static readonly string[] FollowUpLeadIns =
    [
        "and what about ", "and how about ", "what about ", "how about ", "and also ", "and ", "also ",
    ];

    public static bool IsDateLike(string phrase) => DateLike().IsMatch(phrase.Trim());

    /// <summary>Letters and digits only, lower case: how words are compared.</summary>
    public static string Bare(string word) => word.Trim(',', ';', ':', '?', '!', '.', '"', '\'', '(', ')').ToLowerInvariant();

    public static bool IsCapitalized(string word)
    {
        var bare = word.Trim(',', ';', ':', '?', '!', '.', '"', '\'', '(', ')');
        return bare.Length > 0 && char.IsUpper(bare[0]);
    }

    [GeneratedRegex(
        @"^(\d{4}(-?q[1-4])?|q[1-4]( \d{4})?|h[12]( \d{4})?|fy ?\d{2,4}|\d{4}-\d{2}(-\d{2})?|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*( \d{4})?)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex DateLike();
}
