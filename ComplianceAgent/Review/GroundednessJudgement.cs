using System.ComponentModel;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>The structured output the compliance-judge prompt asks the model for: one verdict per answer sentence.</summary>
public sealed record GroundednessJudgement(
    [property: Description("One verdict per answer sentence.")] IReadOnlyList<SentenceJudgement> Sentences);

public sealed record SentenceJudgement(
    [property: Description("The sentence number as listed (1-based).")] int Sentence,
    [property: Description("True only if everything the sentence states is in the contexts it cites.")] bool Supported,
    [property: Description("A short reason.")] string? Reason);

/// <summary><c>Compliance:Review:Judge</c>: who decides whether a sentence is supported.</summary>
public enum ReviewJudge
{
    /// <summary>The rule-based term and number check of <see cref="AnswerReviewer"/> alone (the default).</summary>
    Lexical,

    /// <summary>The lexical check and a language model, combined conservatively: a sentence passes only if both pass.</summary>
    Llm,
}
