namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>
/// Runs every detector and resolves overlaps. Detectors are asked in order of specificity (e-mail, IBAN, card,
/// SSN, phone): a checksum-validated IBAN or card also looks like a long phone number, and the more specific,
/// validated reading wins. The result is ordered by position and free of overlaps, ready for redaction.
/// </summary>
public sealed class PiiScanner
{
    private readonly IReadOnlyList<IPiiDetector> _detectors =
    [
        new EmailDetector(),
        new IbanDetector(),
        new CreditCardDetector(),
        new SsnDetector(),
        new PhoneNumberDetector(),
    ];

    public IReadOnlyList<PiiMatch> Scan(string text)
    {
        var accepted = new List<PiiMatch>();
        foreach (var detector in _detectors)
        {
            foreach (var match in detector.Find(text))
            {
                if (!accepted.Any(match.Overlaps))
                {
                    accepted.Add(match);
                }
            }
        }

        accepted.Sort((a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    /// <summary>Replaces each match (ordered, non-overlapping, as <see cref="Scan"/> returns them) by its placeholder.</summary>
    public static string Redact(string text, IReadOnlyList<PiiMatch> matches)
    {
        var redacted = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var match in matches)
        {
            redacted.Append(text, position, match.Start - position).Append(match.Kind.Placeholder());
            position = match.End;
        }

        return redacted.Append(text, position, text.Length - position).ToString();
    }
}
