namespace Switchboard.ComplianceAgent.Screening.Pii;

/// <summary>Finds one kind of personal data. A detector reports only candidates that pass its validation.</summary>
public interface IPiiDetector
{
    PiiKind Kind { get; }

    IEnumerable<PiiMatch> Find(string text);
}
