using System.Text.RegularExpressions;

namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>
/// E-mail addresses: a dot-atom local part, '@', and a domain of DNS labels ending in an alphabetic TLD.
/// Quoted local parts and IP-literal domains (legal in RFC 5321, unseen in questions) are not matched.
/// </summary>
public sealed partial class EmailDetector : IPiiDetector
{
    public PiiKind Kind => PiiKind.Email;

    public IEnumerable<PiiMatch> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            if (IsValid(match.Value))
            {
                yield return new PiiMatch(Kind, match.Index, match.Length);
            }
        }
    }

    public static bool IsValid(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0)
        {
            return false;
        }

        var local = address[..at];
        return local.Length <= 64
            && address.Length <= 254
            && !local.StartsWith('.')
            && !local.EndsWith('.')
            && !local.Contains("..", StringComparison.Ordinal);
    }

    [GeneratedRegex(
        @"(?<![\w.%+\-])[a-z0-9._%+\-]+@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?![\w\-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
