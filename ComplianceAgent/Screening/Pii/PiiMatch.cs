namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>Where a validated piece of personal data sits in the screened text. Deliberately holds no value.</summary>
public readonly record struct PiiMatch(PiiKind Kind, int Start, int Length)
{
    public int End => Start + Length;

    public bool Overlaps(PiiMatch other) => Start < other.End && other.Start < End;
}
