using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Screening.Injection;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>
/// Indirect prompt injection: the question-screening rules applied to the contexts an answer rests on. A document that
/// says "ignore previous instructions" is not refused (it may be a policy about exactly that); it is reported, so the
/// RiskAgent gives the answer a reason and the approval policy can hold it. Only rule names and source labels are
/// reported and logged, never the text.
/// </summary>
public sealed partial class SourceScreening(PromptInjectionDetector detector, ILogger<SourceScreening> logger)
{
    /// <summary>The finding of a source whose scan ran out of time: reported like a match, never a failed review.</summary>
    public const string NotScreenedRule = "not_screened_timeout";

    public IReadOnlyList<SourceFinding> Screen(IReadOnlyList<AnswerContext> contexts)
    {
        var findings = contexts
            .SelectMany(context => RulesFound(context.Text ?? "")
                .Select(rule => new SourceFinding(context.Number, context.Source ?? "", rule)))
            .ToList();
        if (findings.Count > 0)
        {
            LogFound(findings.Count, string.Join(", ", findings.Select(f => $"[{f.Context}] {f.Rule}")));
        }

        return findings;
    }

    private IEnumerable<string> RulesFound(string text)
    {
        try
        {
            return detector.Detect(text).Select(m => m.Rule).Distinct().ToList();
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // A source that could not be scanned in time is not vouched for: the RiskAgent sees it as a reason.
            return [NotScreenedRule];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instruction-like text in {Count} places of the answer's sources: {Findings}")]
    private partial void LogFound(int count, string findings);
}
