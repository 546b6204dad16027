using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Screening.Injection;
using Switchboard.ComplianceAgent.Review;
using Switchboard.ComplianceAgent.Screening;
using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Tests.Screening;

/// <summary>
/// A scan that runs out of time fails closed, the same way for every caller: the detector reports the whole text as
/// <see cref="PromptInjectionDetector.NotScreenedRule"/> instead of throwing. A one-tick limit over a long text forces
/// the timeout (the regex engine checks its clock while it scans; no known input makes the real rules take a second).
/// </summary>
public class ScreeningTimeoutTests
{
    private static readonly string LongText = string.Concat(Enumerable.Repeat("The annual leave policy grants twenty-five days a year. ", 1_000));

    private static readonly PromptInjectionDetector TimingOut = new(TimeSpan.FromTicks(1));

    [Fact]
    public void A_scan_out_of_time_is_one_not_screened_match_over_the_whole_text()
    {
        var match = Assert.Single(TimingOut.Detect(LongText));

        Assert.Equal(PromptInjectionDetector.NotScreenedRule, match.Rule);
        Assert.Equal(0, match.Start);
        Assert.Equal(LongText.Length, match.Length);
    }

    [Fact]
    public void The_same_text_with_the_real_limit_is_clean()
    {
        // The timeout above is the limit's doing, not the text's: with the rules' own limit nothing matches.
        Assert.Empty(new PromptInjectionDetector().Detect(LongText));
    }

    [Fact]
    public void A_question_that_cannot_be_screened_in_time_is_refused_saying_so()
    {
        var screener = new QuestionScreener(TimingOut, new PiiScanner(),
            new StaticOptionsMonitor<ScreeningOptions>(new ScreeningOptions()), NullLogger<QuestionScreener>.Instance);

        var result = screener.Screen(LongText);

        Assert.Equal(ScreenVerdicts.Refuse, result.Verdict);
        Assert.Contains("could not be screened", result.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Findings, f => f.Kind == FindingKinds.PromptInjection && f.Detail == PromptInjectionDetector.NotScreenedRule);
    }

    [Fact]
    public void A_source_that_cannot_be_screened_in_time_is_reported_not_thrown()
    {
        var screening = new SourceScreening(TimingOut, NullLogger<SourceScreening>.Instance);

        var findings = screening.Screen([new AnswerContext(1, "handbook.pdf", LongText), new AnswerContext(2, "empty.md", "")]);

        var finding = Assert.Single(findings);
        Assert.Equal(new SourceFinding(1, "handbook.pdf", PromptInjectionDetector.NotScreenedRule), finding);
    }
}
