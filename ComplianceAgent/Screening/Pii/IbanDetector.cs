using System.Text.RegularExpressions;

namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>
/// International bank account numbers (ISO 13616): country code, two check digits and a BBAN, written either
/// compact or in groups of four separated by single spaces; 15–34 characters in all. A candidate counts only when
/// its ISO 7064 mod-97 checksum is 1, so "DE00 …" style look-alikes and typos are not reported.
/// </summary>
public sealed partial class IbanDetector : IPiiDetector
{
    private const int MinLength = 15;
    private const int MaxLength = 34;

    public PiiKind Kind => PiiKind.Iban;

    public IEnumerable<PiiMatch> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            // The grouped form can swallow a following four-letter word ("… 7034 from"); drop trailing groups
            // until the checksum holds or the candidate is too short to be an IBAN.
            var candidate = match.Value;
            while (true)
            {
                if (IsValid(candidate))
                {
                    yield return new PiiMatch(Kind, match.Index, candidate.Length);
                    break;
                }

                var lastSpace = candidate.LastIndexOf(' ');
                if (lastSpace < 0 || Compact(candidate[..lastSpace]).Length < MinLength)
                {
                    break;
                }

                candidate = candidate[..lastSpace];
            }
        }
    }

    /// <summary>Shape and ISO 7064 mod-97-10 check of an IBAN, with or without spaces, in any letter case.</summary>
    public static bool IsValid(string iban)
    {
        var compact = Compact(iban).ToUpperInvariant();
        if (compact.Length is < MinLength or > MaxLength
            || !char.IsAsciiLetterUpper(compact[0]) || !char.IsAsciiLetterUpper(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3])
            || !compact.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        // Move the first four characters to the end, read letters as 10..35, and take the number mod 97
        // one digit at a time so it never overflows.
        var rearranged = compact[4..] + compact[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            if (char.IsAsciiDigit(c))
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
        }

        return remainder == 1;
    }

    private static string Compact(string iban) => iban.Replace(" ", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(
        @"\b[a-z]{2}\d{2}(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,8}(?: [a-z0-9]{1,3})?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
