using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// The ComplianceAgent screens the question (prompt injection, the PII policy): a refusal ends the question; a
/// redaction goes on with the redacted text, and only screened text reaches the router and the agents.
/// </summary>
public sealed class ScreenStep(ComplianceClient compliance) : IAskStep
{
    public async Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken)
    {
        var screen = await run.Timings.TimeAsync("screen", () => compliance.ScreenAsync(new ScreenRequest(run.Request.Question), cancellationToken));
        run.Findings = screen.Findings.Select(f => f.Kind).ToList();
        if (screen.Verdict == ScreenVerdicts.Refuse)
        {
            run.ScreenedQuestion = screen.Question ?? string.Empty;
            return new AskOutcome(AnswerStatus.Refused, AnswerSentences.Refused(screen.Reason));
        }

        run.ScreenedQuestion = screen.Verdict switch
        {
            _ when !string.IsNullOrWhiteSpace(screen.Question) => screen.Question,
            ScreenVerdicts.Allow => run.Request.Question,
            // A redaction with no text left would send the router nothing (or, worse, tempt a fallback to the unredacted text).
            _ => throw new AgentUnavailableException(AgentNames.Compliance, "redaction returned no question"),
        };
        return null;
    }
}
