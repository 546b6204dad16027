using System.Text.RegularExpressions;

namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>
/// Payment card numbers (PANs): 13–19 digits, optionally grouped with single spaces or dashes, that pass the Luhn
/// check. A number that fails Luhn is a typo or some other identifier, not a card, and is left alone.
/// </summary>
public sealed partial class CreditCardDetector : IPiiDetector
{
    public PiiKind Kind => PiiKind.CreditCard;

    public IEnumerable<PiiMatch> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            var digits = Digits.Of(match.Value);
            if (digits.Length is >= 13 and <= 19 && !Digits.AllSame(digits) && PassesLuhn(digits))
            {
                yield return new PiiMatch(Kind, match.Index, match.Length);
            }
        }
    }

    /// <summary>The Luhn (mod 10) check: double every second digit from the right, sum the digits, expect a multiple of 10.</summary>
    public static bool PassesLuhn(string digits)
    {
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    // Not glued to a word, a sign, a decimal point or a longer dash-separated code on either side.
    [GeneratedRegex(@"(?<![\w+.,\-])\d(?:[ \-]?\d){12,18}(?![\w]|[.,\-]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
