namespace Switchboard.ComplianceAgent.Review;

/// <summary>Answer review settings, bound from <c>Compliance:Review</c>.</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Compliance:Review";

    /// <summary>
    /// The share of a sentence's content terms that its cited contexts must contain for the sentence to count as
    /// supported. A sentence copied verbatim from its context scores 1.0.
    /// </summary>
    public double MinSupport { get; set; } = 0.6;

    /// <summary>
    /// <c>Lexical</c> (default): the rule-based check alone. <c>Llm</c>: also a language model judge (needs
    /// <c>AI:Chat:Provider</c> set to a model); a sentence passes only if both pass.
    /// </summary>
    public ReviewJudge Judge { get; set; } = ReviewJudge.Lexical;
}
