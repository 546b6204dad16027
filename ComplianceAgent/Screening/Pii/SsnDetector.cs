using System.Text.RegularExpressions;

namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>
/// US social security numbers in their written form AAA-GG-SSSS. Numbers the SSA never issues are not reported:
/// area 000, 666 or 900–999, group 00, serial 0000. Undashed nine-digit runs are too ambiguous to call SSNs
/// (the phone detector still sees them when they look like phone numbers).
/// </summary>
public sealed partial class SsnDetector : IPiiDetector
{
    public PiiKind Kind => PiiKind.Ssn;

    public IEnumerable<PiiMatch> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            if (IsValid(match.Groups["area"].Value, match.Groups["group"].Value, match.Groups["serial"].Value))
            {
                yield return new PiiMatch(Kind, match.Index, match.Length);
            }
        }
    }

    public static bool IsValid(string ssn)
    {
        var match = Candidate().Match(ssn);
        return match.Success && match.Length == ssn.Length
            && IsValid(match.Groups["area"].Value, match.Groups["group"].Value, match.Groups["serial"].Value);
    }

    private static bool IsValid(string area, string group, string serial)
    {
        var areaNumber = int.Parse(area, System.Globalization.CultureInfo.InvariantCulture);
        return areaNumber is not 0 and not 666 and < 900 && group != "00" && serial != "0000";
    }

    [GeneratedRegex(@"(?<![\w\-])(?<area>\d{3})-(?<group>\d{2})-(?<serial>\d{4})(?![\w]|-\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
