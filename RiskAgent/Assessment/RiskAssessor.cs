using System.Diagnostics.Metrics;
using Switchboard.AgentCore;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RiskAgent.Assessment;

/// <summary>
/// The rules, then (when configured) the model judge, combined conservatively: the judge can raise the level the rules
/// gave, never lower it, and a failed judge call leaves the rules' verdict.
/// </summary>
public sealed class RiskAssessor(RiskRules rules, LlmRiskJudge? judge = null)
{
    private static readonly Counter<long> Assessments = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.risk.assessments", "{assessment}", "Answers scored by the RiskAgent, by level");

    public async Task<RiskAssessment> AssessAsync(RiskRequest request, CancellationToken cancellationToken)
    {
        var reasons = rules.Evaluate(request).ToList();
        var level = RiskRules.LevelOf(reasons);
        var judgedBy = "rules";
        AnswerUsage? cost = null;

        if (judge is not null && await judge.JudgeAsync(request, cancellationToken) is { } judged)
        {
            judgedBy = "rules+model";
            cost = judged.Usage;
            if (RiskLevels.Rank(judged.Level) > RiskLevels.Rank(level))
            {
                level = judged.Level;
                if (judged.Reasons.Count == 0)
                {
                    reasons.Add(new RiskReason(RiskCodes.ModelJudge, judged.Level, $"The model judge rated the answer {judged.Level} risk."));
                }
                else
                {
                    reasons.AddRange(judged.Reasons.Select(r => new RiskReason(RiskCodes.ModelJudge, judged.Level, r)));
                }
            }
        }

        Assessments.Add(1, new KeyValuePair<string, object?>("level", level));
        return new RiskAssessment(level, reasons) { Judge = judgedBy, Usage = cost };
    }
}
