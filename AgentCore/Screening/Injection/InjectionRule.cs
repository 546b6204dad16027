using System.Text.RegularExpressions;

namespace Switchboard.AgentCore.Screening.Injection;

/// <summary>One named prompt-injection pattern. The name is what findings and refusal reasons report.</summary>
public sealed record InjectionRule(string Name, string Description, Regex Pattern)
{
    // Case-insensitive; a time limit so a pathological input cannot hold a request thread. The limit is wall-clock time,
    // so it must leave room for a busy machine: at 250 ms, scans of a few kilobytes of answer sources timed out under a
    // load average of 50 (RegexOptions.Compiled is worse there: the emitted code is JIT-compiled inside the first timed
    // scan). The rules are bounded (no nested unbounded quantifiers), so a second is far above their real cost.
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnorePatternWhitespace;

    public static InjectionRule Create(string name, string description, string pattern) =>
        new(name, description, new Regex(pattern, Options, MatchTimeout));

    /// <summary>The same rule with another time limit (tests force the timeout path with a tiny one).</summary>
    public InjectionRule WithTimeout(TimeSpan timeout) => this with { Pattern = new Regex(Pattern.ToString(), Pattern.Options, timeout) };
}
