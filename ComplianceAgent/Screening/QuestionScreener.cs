using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Screening.Injection;
using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Screening;

/// <summary>
/// Screens a question before anything else sees it: finds prompt injection and PII, then applies the configured
/// policy. Refusal wins over redaction, redaction over allow. Nothing here ever logs or returns a PII value: findings
/// carry kinds, rule names and offsets only.
/// </summary>
public sealed partial class QuestionScreener(
    PromptInjectionDetector injectionDetector,
    PiiScanner piiScanner,
    IOptionsMonitor<ScreeningOptions> options,
    ILogger<QuestionScreener> logger)
{
    private static readonly Counter<long> Screenings = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.compliance.screenings", "{question}", "Questions screened, by verdict");

    public ScreenResult Screen(string question)
    {
        var policy = options.CurrentValue;
        var injections = injectionDetector.Detect(question);
        var pii = piiScanner.Scan(question);

        var findings = injections
            .Select(m => new ScreenFinding(FindingKinds.PromptInjection, m.Rule, m.Start, m.Length))
            .Concat(pii.Select(m => new ScreenFinding(m.Kind.FindingKind(), m.Kind.Description(), m.Start, m.Length)))
            .OrderBy(f => f.Start)
            .ToList();

        var result = Decide(question, injections, pii, policy, findings);

        Screenings.Add(1, new KeyValuePair<string, object?>("verdict", result.Verdict));
        LogScreened(result.Verdict, injections.Count, pii.Count, string.Join(',', findings.Select(f => f.Kind).Distinct()));
        return result;
    }

    private static ScreenResult Decide(
        string question,
        IReadOnlyList<InjectionMatch> injections,
        IReadOnlyList<PiiMatch> pii,
        ScreeningOptions policy,
        IReadOnlyList<ScreenFinding> findings)
    {
        if (injections.Count > 0 && policy.Injection == InjectionAction.Refuse)
        {
            if (injections.Any(m => m.Rule == PromptInjectionDetector.NotScreenedRule))
            {
                return new ScreenResult(ScreenVerdicts.Refuse, string.Empty, findings,
                    "The question could not be screened for prompt injection in time; shorten it and ask again.");
            }

            var rules = string.Join(", ", injections.Select(m => m.Rule).Distinct());
            return new ScreenResult(ScreenVerdicts.Refuse, string.Empty, findings,
                $"The question looks like a prompt-injection attempt ({rules}).");
        }

        var refused = pii.Select(m => m.Kind).Distinct().Where(k => policy.Pii.For(k) == PiiAction.Refuse).ToList();
        if (refused.Count > 0)
        {
            var kinds = string.Join(", ", refused.Select(k => k.Description()));
            return new ScreenResult(ScreenVerdicts.Refuse, string.Empty, findings,
                $"The question contains personal data that policy does not allow to be processed: {kinds}. Remove it and ask again.");
        }

        var toRedact = pii.Where(m => policy.Pii.For(m.Kind) == PiiAction.Redact).ToList();
        if (toRedact.Count > 0)
        {
            var kinds = string.Join(", ", toRedact.Select(m => m.Kind.Description()).Distinct());
            return new ScreenResult(ScreenVerdicts.Redact, PiiScanner.Redact(question, toRedact), findings,
                $"Personal data was replaced by placeholders: {kinds}.");
        }

        return new ScreenResult(ScreenVerdicts.Allow, question, findings, null);
    }

    // Kinds and counts only: the question and the values found in it are PII.
    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Screened a question: {Verdict} ({InjectionCount} injection findings, {PiiCount} PII findings; kinds: {Kinds})")]
    private partial void LogScreened(string verdict, int injectionCount, int piiCount, string kinds);
}
