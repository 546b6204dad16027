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

    // A source whose scan ran out of time comes back as PromptInjectionDetector.NotScreenedRule: not vouched for, so the
    // RiskAgent sees it as a reason, never a failed review.
    private IEnumerable<string> RulesFound(string text) => detector.Detect(text).Select(m => m.Rule).Distinct();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instruction-like text in {Count} places of the answer's sources: {Findings}")]
    private partial void LogFound(int count, string findings);
}
