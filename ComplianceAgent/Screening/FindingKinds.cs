namespace Switchboard.ComplianceAgent.Screening;

/// <summary>Finding kinds that are not PII (those come from <see cref="Pii.PiiKindExtensions.FindingKind"/>).</summary>
public static class FindingKinds
{
    public const string PromptInjection = "prompt_injection";
}
