namespace Switchboard.Evaluation.Metrics;

/// <summary>One SOP exit criterion and whether a run met it (null when the set has no question to judge it by).</summary>
public sealed record CriterionResult(string Name, string Target, double? Actual, string Display, bool? Passed);

/// <summary>
/// The SOP exit criteria and the bars chosen for them (see Tests/Evaluation/README.md for why these values).
/// </summary>
public static class ExitCriteria
{
    /// <summary>In-scope questions must be answered, and answered correctly (a wrong answer is not "answered").</summary>
    public const double MinInScopeAnsweredCorrectly = 0.80;

    /// <summary>Out-of-scope questions refused or not_found.</summary>
    public const double MinOutOfScopeRefused = 0.90;

    /// <summary>Retrieval accuracy: the gold document among the first three search hits.</summary>
    public const double MinHitAt3 = 0.70;

    /// <summary>Out-of-scope questions answered anyway.</summary>
    public const double MaxHallucination = 0.10;

    /// <summary>Median end-to-end latency of <c>POST /v1/ask</c> (the Gateway's own "total" timing).</summary>
    public const double MaxP50TotalMs = 3000;

    public static IReadOnlyList<CriterionResult> Judge(double? answeredCorrectly, double? refused, double? hitAt3, double? hallucination, double? p50TotalMs) =>
    [
        AtLeast("In-scope questions answered correctly", answeredCorrectly, MinInScopeAnsweredCorrectly),
        AtLeast("Out-of-scope questions refused", refused, MinOutOfScopeRefused),
        AtLeast("Retrieval accuracy (hit@3)", hitAt3, MinHitAt3),
        AtMost("Hallucination rate", hallucination, MaxHallucination),
        new("p50 total latency", $"< {MaxP50TotalMs:0} ms", p50TotalMs, p50TotalMs is { } ms ? $"{ms:0} ms" : "n/a", p50TotalMs is { } p50 ? p50 < MaxP50TotalMs : null),
    ];

    private static CriterionResult AtLeast(string name, double? actual, double bar) =>
        new(name, $">= {Percent(bar, 0)}", actual, Display(actual), actual is { } value ? value >= bar : null);

    private static CriterionResult AtMost(string name, double? actual, double bar) =>
        new(name, $"<= {Percent(bar, 0)}", actual, Display(actual), actual is { } value ? value <= bar : null);

    private static string Display(double? rate) => rate is { } value ? Percent(value, 1) : "n/a";

    /// <summary>"80%" / "72.4%", the same in every culture.</summary>
    public static string Percent(double rate, int decimals) =>
        (rate * 100).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), System.Globalization.CultureInfo.InvariantCulture) + "%";
}
