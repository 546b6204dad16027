namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>Digit-string checks shared by the numeric detectors.</summary>
internal static class Digits
{
    public static string Of(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    /// <summary>"0000 0000 0000 0000" and friends are placeholders people type, not data.</summary>
    public static bool AllSame(string digits) => digits.Length > 0 && digits.All(d => d == digits[0]);
}
