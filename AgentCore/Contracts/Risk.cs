using Switchboard.AgentCore.AI.Usage;

namespace Switchboard.AgentCore.Contracts;

/// <summary>
/// RiskAgent input (<c>POST /assess</c>): an answer about to leave the Gateway, with what it rests on.
/// </summary>
/// <param name="Question">The standalone question the answer answers (screened text).</param>
/// <param name="Answer">The answer text with its <c>[n]</c> markers.</param>
/// <param name="Citations">The answer's sources; CSV rows and API calls are recognised from them.</param>
/// <param name="Intent">The router's intent, when known.</param>
/// <param name="ReviewVerdict">The compliance review's verdict (<c>pass</c>, <c>revise</c>, <c>needs_approval</c>).</param>
/// <param name="MinSupport">The lowest support the review measured for a kept sentence (0..1), when known.</param>
/// <param name="SourceFindings">Instruction-like text the review found in the answer's sources (indirect prompt injection).</param>
public sealed record RiskRequest(
    string Question,
    string Answer,
    IReadOnlyList<Citation>? Citations = null,
    string? Intent = null,
    string? ReviewVerdict = null,
    double? MinSupport = null,
    IReadOnlyList<SourceFinding>? SourceFindings = null);

/// <summary>The RiskAgent's verdict: the highest level among its reasons (<c>low</c> when none).</summary>
public sealed record RiskAssessment(string Level, IReadOnlyList<RiskReason> Reasons)
{
    /// <summary>Who judged: <c>rules</c>, or <c>rules+model</c> when a model judge also ran.</summary>
    public string? Judge { get; init; }

    /// <summary>What the model judge cost; null for the rules alone.</summary>
    public AnswerUsage? Usage { get; init; }
}

/// <summary>One reason for a risk level: a stable code (see <see cref="RiskCodes"/>), its level and a readable detail.</summary>
public sealed record RiskReason(string Code, string Level, string Detail);

/// <summary>Risk levels, lowest first; <see cref="Rank"/> orders them.</summary>
public static class RiskLevels
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";

    public static readonly IReadOnlyList<string> All = [Low, Medium, High];

    /// <summary>0 for low, 1 for medium, 2 for high, -1 for anything else.</summary>
    public static int Rank(string? level) => level switch
    {
        Low => 0,
        Medium => 1,
        High => 2,
        _ => -1,
    };

    public static string Max(string a, string b) => Rank(b) > Rank(a) ? b : a;
}

/// <summary>The reason codes the RiskAgent's rules give.</summary>
public static class RiskCodes
{
    public const string FinancialAdvice = "financial_advice";
    public const string LegalAdvice = "legal_advice";
    public const string FiguresAsFact = "figures_as_fact";
    public const string PersonalData = "personal_data";
    public const string LowGroundedness = "low_groundedness";
    public const string RestrictedTopic = "restricted_topic";

    /// <summary>A source of the answer holds instructions aimed at the model (indirect prompt injection).</summary>
    public const string SourceInstructions = "source_instructions";
    public const string ModelJudge = "model_judge";
}
