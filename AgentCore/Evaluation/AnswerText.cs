using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Evaluation.Metrics;

/// <summary>
/// Answer correctness by containment: an expected string counts when it occurs in the answer after both are normalised
/// (case-insensitive, whitespace collapsed, typographic punctuation unified, thousands separators and currency symbols
/// removed), so "3,380", "$3380" and "3380" all match "3380".
/// </summary>
public static partial class AnswerText
{
    public static string Normalize(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Replace('\u2019', '\'').Replace('\u2018', '\'')
            .Replace('\u201c', '"').Replace('\u201d', '"')
            .Replace('\u2013', '-').Replace('\u2014', '-').Replace('\u2011', '-');
        normalized = ThousandsSeparator().Replace(normalized, string.Empty);
        normalized = CurrencySymbol().Replace(normalized, string.Empty);
        return Whitespace().Replace(normalized, " ").Trim();
    }

    /// <summary>Whether any of <paramref name="expected"/> is contained in <paramref name="answer"/> (normalised).</summary>
    public static bool ContainsAny(string? answer, IEnumerable<string>? expected)
    {
        if (string.IsNullOrWhiteSpace(answer) || expected is null)
        {
            return false;
        }

        var haystack = Normalize(answer);
        return expected.Select(Normalize).Any(needle => needle.Length > 0 && haystack.Contains(needle, StringComparison.Ordinal));
    }

    // A comma, apostrophe or (thin/no-break) space between a digit and exactly three digits: 1,000,000 / 1 000 / 1'000.
    [GeneratedRegex(@"(?<=\d)[,'\u00a0\u202f\u2009 ](?=\d{3}(?!\d))")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"[$€£¥]")]
    private static partial Regex CurrencySymbol();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
