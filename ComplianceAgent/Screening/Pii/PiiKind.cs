namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>The kinds of personal data screening looks for; each has its own policy entry.</summary>
public enum PiiKind
{
    Email,
    Phone,
    CreditCard,
    Iban,
    Ssn,
}

public static class PiiKindExtensions
{
    /// <summary>The finding kind in <c>ScreenFinding.Kind</c> and in the audit log.</summary>
    public static string FindingKind(this PiiKind kind) => kind switch
    {
        PiiKind.Email => "pii.email",
        PiiKind.Phone => "pii.phone",
        PiiKind.CreditCard => "pii.credit_card",
        PiiKind.Iban => "pii.iban",
        PiiKind.Ssn => "pii.ssn",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>What replaces a finding of this kind in a redacted question.</summary>
    public static string Placeholder(this PiiKind kind) => kind switch
    {
        PiiKind.Email => "[EMAIL]",
        PiiKind.Phone => "[PHONE]",
        PiiKind.CreditCard => "[CARD]",
        PiiKind.Iban => "[IBAN]",
        PiiKind.Ssn => "[SSN]",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A human description for details and refusal reasons; never the value itself.</summary>
    public static string Description(this PiiKind kind) => kind switch
    {
        PiiKind.Email => "e-mail address",
        PiiKind.Phone => "phone number",
        PiiKind.CreditCard => "credit card number",
        PiiKind.Iban => "IBAN",
        PiiKind.Ssn => "US social security number",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
