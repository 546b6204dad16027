using Switchboard.AgentCore.AI.Usage;

namespace Switchboard.AgentCore.Contracts;

/// <summary>ComplianceAgent input screening (<c>POST /screen</c>).</summary>
public sealed record ScreenRequest(string Question);

/// <summary>
/// The screening verdict. <see cref="Question"/> is the text to continue with: the original when allowed,
/// with PII replaced by placeholders when redacted, empty when refused.
/// </summary>
public sealed record ScreenResult(string Verdict, string Question, IReadOnlyList<ScreenFinding> Findings, string? Reason);

/// <summary>One thing screening found: its kind (e.g. <c>prompt_injection</c>, <c>pii.email</c>) and where.</summary>
public sealed record ScreenFinding(string Kind, string Detail, int Start, int Length);

public static class ScreenVerdicts
{
    public const string Allow = "allow";
    public const string Redact = "redact";
    public const string Refuse = "refuse";
}

/// <summary>Second-pass answer review (<c>POST /review</c>): is every sentence supported by the contexts it cites?</summary>
public sealed record ReviewRequest(string Question, string Answer, IReadOnlyList<AnswerContext> Contexts);

/// <summary>
/// The review verdict. For <c>revise</c>, <see cref="RevisedAnswer"/> holds the answer with unsupported sentences
/// removed; <see cref="Sentences"/> explains each sentence's finding.
/// </summary>
public sealed record ReviewResult(string Verdict, IReadOnlyList<SentenceReview> Sentences, string? RevisedAnswer, string? Reason)
{
    /// <summary>What the review cost when a model reviewed; null for the rule-based reviewer (nothing to add).</summary>
    public AnswerUsage? Usage { get; init; }

    /// <summary>
    /// Instruction-like text in the contexts (indirect prompt injection: a document that tells the model what to do), found
    /// by the same rules that screen questions. Reported, not a verdict: the RiskAgent turns it into a risk reason.
    /// </summary>
    public IReadOnlyList<SourceFinding> SourceFindings { get; init; } = [];
}

/// <summary>One injection rule that matched in one context: the context's number and source label, and the rule's name.</summary>
public sealed record SourceFinding(int Context, string Source, string Rule);

public sealed record SentenceReview(string Sentence, IReadOnlyList<int> Cites, bool Supported, double Support);

public static class ReviewVerdicts
{
    public const string Pass = "pass";
    public const string Revise = "revise";
    public const string Block = "block";
    public const string NeedsApproval = "needs_approval";
}
