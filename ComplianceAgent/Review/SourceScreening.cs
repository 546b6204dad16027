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
            .SelectMany(context => detector.Detect(context.Text ?? "").Select(m => m.Rule).Distinct()
                .Select(rule => new SourceFinding(context.Number, context.Source ?? "", rule)))
            .ToList();
        if (findings.Count > 0)
        {
            LogFound(findings.Count, string.Join(", ", findings.Select(f => $"[{f.Context}] {f.Rule}")));
        }

        return findings;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instruction-like text in {Count} places of the answer's sources: {Findings}")]
    private partial void LogFound(int count, string findings);
}
