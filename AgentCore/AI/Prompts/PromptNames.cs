namespace Switchboard.AgentCore.AI.Prompts;

/// <summary>The prompt templates shipped in <c>AgentCore/AI/Prompts/Templates</c>, one per agent role.</summary>
public static class PromptNames
{
    public const string RetrievalAnswer = "retrieval-answer";
    public const string RouterClassify = "router-classify";
    public const string RouterRewrite = "router-rewrite";
    public const string ComplianceJudge = "compliance-judge";
    public const string RiskJudge = "risk-judge";

    /// <summary>
    /// What a model replies, exactly, when the sources do not hold the answer (the fallback guardrail). A fixed marker,
    /// not prose, so "not found" is decided by comparison rather than by reading the model's wording.
    /// </summary>
    public const string NotFoundMarker = "NOT_FOUND";
}
