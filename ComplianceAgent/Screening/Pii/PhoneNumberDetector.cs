using System.Text.RegularExpressions;

namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>
/// Phone numbers: international (<c>+</c> and a country code, E.164: 9–15 digits) and the common national ways of
/// writing them: <c>(555) 123-4567</c>, <c>555-123-4567</c>, <c>020 7946 0958</c>, <c>06 12 34 56 78</c>,
/// <c>0612345678</c>, <c>5551234567</c>. A candidate is a run of digit groups joined by single spaces, dots or
/// dashes, optionally with a parenthesised area code, and must hold 9–15 digits. What it must not be:
/// a price (currency sign before, % after), a thousands-grouped amount (<c>1 234 567 890</c>, <c>123.456.789</c>),
/// a list of years (<c>2021 2022 2023</c>), a date or time (those hold fewer than nine digits, and <c>/</c> and
/// <c>:</c> never join groups), an ISBN-like code with one-digit groups, or a placeholder like 000000000.
/// </summary>
public sealed partial class PhoneNumberDetector : IPiiDetector
{
    private const int MinDigits = 9;
    private const int MaxDigits = 15; // E.164

    public PiiKind Kind => PiiKind.Phone;

    public IEnumerable<PiiMatch> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            if (IsPhoneNumber(match.Value) && !IsMoney(text, match.Index, match.Length))
            {
                yield return new PiiMatch(Kind, match.Index, match.Length);
            }
        }
    }

    /// <summary>Whether a whole candidate string is written like a phone number (context such as currency aside).</summary>
    public static bool IsPhoneNumber(string candidate)
    {
        var digits = Digits.Of(candidate);
        if (digits.Length is < MinDigits or > MaxDigits || Digits.AllSame(digits))
        {
            return false;
        }

        if (candidate.StartsWith('+'))
        {
            return digits[0] != '0'; // country codes never start with 0
        }

        var groups = DigitGroup().Matches(candidate).Select(g => g.Value).ToArray();
        if (groups.Length == 1)
        {
            return IsUnseparatedNationalNumber(digits);
        }

        if (groups.Skip(1).Any(g => g.Length < 2))
        {
            return false; // "978-3-16-148410-0", "192.168.1.100": codes and addresses, not numbers people dial
        }

        return !IsThousandsGrouped(candidate, groups) && !IsListOfYears(groups);
    }

    /// <summary>A bare digit run is a phone number only with a trunk prefix 0 or as a valid NANP number.</summary>
    private static bool IsUnseparatedNationalNumber(string digits) =>
        (digits.Length is 10 or 11 && digits[0] == '0')
        || (digits.Length == 10 && IsNanp(digits))
        || (digits.Length == 11 && digits[0] == '1' && IsNanp(digits[1..]));

    // North American numbering plan: area code and exchange both start with 2–9.
    private static bool IsNanp(string tenDigits) => tenDigits[0] >= '2' && tenDigits[3] >= '2';

    private static bool IsThousandsGrouped(string candidate, string[] groups)
    {
        if (groups[0].Length > 3 || groups.Skip(1).Any(g => g.Length != 3) || candidate.Contains('('))
        {
            return false;
        }

        var separators = candidate.Where(c => c is ' ' or '.' or '-').Distinct().ToArray();
        return separators switch
        {
            ['.'] => true,                                              // 123.456.789 (European thousands)
            [' '] => groups[0].Length <= 2 || groups.Skip(1).Any(g => g == "000"), // 12 345 678 / 100 000 000; "612 345 678" stays a phone
            _ => false,
        };
    }

    private static bool IsListOfYears(string[] groups) =>
        groups.All(g => g.Length == 4 && (g.StartsWith("19", StringComparison.Ordinal) || g.StartsWith("20", StringComparison.Ordinal)));

    private static bool IsMoney(string text, int start, int length)
    {
        var before = start - 1;
        while (before >= 0 && text[before] == ' ' && start - before <= 2)
        {
            before--;
        }

        var after = start + length;
        while (after < text.Length && text[after] == ' ' && after - (start + length) < 1)
        {
            after++;
        }

        return (before >= 0 && IsCurrency(text[before]))
            || (after < text.Length && (text[after] == '%' || IsCurrency(text[after])));
    }

    private static bool IsCurrency(char c) => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.CurrencySymbol;

    // Not glued to a word, a decimal or thousands separator, a date, a time or a code on the left; on the right,
    // not followed by more digits through a separator (so 2024-01-15 is never a prefix match).
    [GeneratedRegex(
        @"(?<![\w.,/:+\-])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,5}\)[ .\-]?)?\d+(?:[ .\-]\d+)*(?![\w]|[.,/:\-]\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex DigitGroup();
}
