using System.Text.RegularExpressions;

namespace Switchboard.AgentCore.Screening.Injection;

/// <summary>One named prompt-injection pattern. The name is what findings and refusal reasons report.</summary>
public sealed record InjectionRule(string Name, string Description, Regex Pattern)
{
    // Case-insensitive; compiled, because every question and every source of every answer is scanned by all the rules
    // (the interpreter's scans of a few kilobytes ran into the time limit on a busy machine); a time limit so a
    // pathological input cannot hold a request thread (wall-clock time, so a scan can still exceed it under heavy load:
    // the callers say what happens then).
    public static InjectionRule Create(string name, string description, string pattern) =>
        new(name, description, new Regex(
            pattern,
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnorePatternWhitespace | RegexOptions.Compiled,
            TimeSpan.FromMilliseconds(250)));
}
