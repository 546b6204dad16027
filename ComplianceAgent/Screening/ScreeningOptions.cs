using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Screening;

/// <summary>Screening policy, bound from <c>Compliance:Screening</c>.</summary>
public sealed class ScreeningOptions
{
    public const string SectionName = "Compliance:Screening";

    /// <summary>What a prompt-injection finding does: <c>refuse</c> (default) or <c>allow</c> (report only).</summary>
    public InjectionAction Injection { get; set; } = InjectionAction.Refuse;

    /// <summary>What each kind of PII does, e.g. <c>Compliance:Screening:Pii:CreditCard=refuse</c>.</summary>
    public PiiPolicy Pii { get; set; } = new();
}

public enum InjectionAction
{
    Refuse,
    Allow,
}

public enum PiiAction
{
    /// <summary>Replace the value with its placeholder and continue.</summary>
    Redact,

    /// <summary>Refuse the whole question.</summary>
    Refuse,

    /// <summary>Report the finding but pass the value through unchanged.</summary>
    Allow,
}

/// <summary>One action per PII kind; every kind defaults to <see cref="PiiAction.Redact"/>.</summary>
public sealed class PiiPolicy
{
    public PiiAction Email { get; set; } = PiiAction.Redact;
    public PiiAction Phone { get; set; } = PiiAction.Redact;
    public PiiAction CreditCard { get; set; } = PiiAction.Redact;
    public PiiAction Iban { get; set; } = PiiAction.Redact;
    public PiiAction Ssn { get; set; } = PiiAction.Redact;

    public PiiAction For(PiiKind kind) => kind switch
    {
        PiiKind.Email => Email,
        PiiKind.Phone => Phone,
        PiiKind.CreditCard => CreditCard,
        PiiKind.Iban => Iban,
        PiiKind.Ssn => Ssn,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
