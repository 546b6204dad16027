using Switchboard.AgentCore.Contracts;

namespace Switchboard.RiskAgent.Assessment;

/// <summary>Risk scoring settings, bound from <c>Risk</c> and validated at start.</summary>
public sealed class RiskOptions
{
    public const string SectionName = "Risk";

    /// <summary>The level each rule gives when it fires (<c>low</c>, <c>medium</c> or <c>high</c>).</summary>
    public RiskRuleLevels Levels { get; set; } = new();

    /// <summary>A kept answer sentence the review supported less than this (0..1) counts as weakly grounded.</summary>
    public double MinSupport { get; set; } = 0.75;

    /// <summary>
    /// Topics this deployment restricts, by name: any of its <c>Terms</c> in the question or the answer (whole words,
    /// any case) gives its <c>Level</c> (default <c>high</c>). E.g. <c>Risk:RestrictedTopics:mergers:Terms:0=acquisition</c>.
    /// </summary>
    public Dictionary<string, RestrictedTopic> RestrictedTopics { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>Auto</c> (default): a model judge as well when <c>AI:Chat:Provider</c> names a model, the rules alone otherwise.
    /// <c>Rules</c>: the rules alone. <c>Llm</c>: the judge always (a missing provider stops the service at start).
    /// </summary>
    public RiskJudgeMode Judge { get; set; } = RiskJudgeMode.Auto;

    public IEnumerable<string> Validate()
    {
        foreach (var (name, level) in Levels.All())
        {
            if (RiskLevels.Rank(level) < 0)
            {
                yield return $"{SectionName}:Levels:{name} must be low, medium or high (was '{level}').";
            }
        }

        if (double.IsNaN(MinSupport) || MinSupport is < 0 or > 1)
        {
            yield return $"{SectionName}:MinSupport must lie between 0 and 1.";
        }

        foreach (var (name, topic) in RestrictedTopics)
        {
            if (topic.Terms is not { Count: > 0 } || topic.Terms.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"{SectionName}:RestrictedTopics:{name}:Terms must list at least one non-blank term.";
            }

            if (RiskLevels.Rank(topic.Level) < 0)
            {
                yield return $"{SectionName}:RestrictedTopics:{name}:Level must be low, medium or high (was '{topic.Level}').";
            }
        }
    }
}

public sealed class RiskRuleLevels
{
    public string FinancialAdvice { get; set; } = RiskLevels.High;
    public string LegalAdvice { get; set; } = RiskLevels.High;
    public string PersonalData { get; set; } = RiskLevels.High;

    /// <summary>Contact details (an e-mail address or phone number) in an answer without a named person beside them.</summary>
    public string ContactDetails { get; set; } = RiskLevels.Medium;
    public string FiguresAsFact { get; set; } = RiskLevels.Medium;
    public string LowGroundedness { get; set; } = RiskLevels.Medium;

    /// <summary>A source of the answer holds instruction-like text (the review's <c>sourceFindings</c>).</summary>
    public string SourceInstructions { get; set; } = RiskLevels.Medium;

    public IEnumerable<(string Name, string Level)> All() =>
    [
        (nameof(FinancialAdvice), FinancialAdvice), (nameof(LegalAdvice), LegalAdvice), (nameof(PersonalData), PersonalData),
        (nameof(ContactDetails), ContactDetails), (nameof(FiguresAsFact), FiguresAsFact), (nameof(LowGroundedness), LowGroundedness),
        (nameof(SourceInstructions), SourceInstructions),
    ];
}

public sealed class RestrictedTopic
{
    public List<string> Terms { get; set; } = [];
    public string Level { get; set; } = RiskLevels.High;
}

public enum RiskJudgeMode
{
    Auto,
    Rules,
    Llm,
}
