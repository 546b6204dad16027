using System.Text.RegularExpressions;

namespace Switchboard.AgentCore.Screening.Injection;

/// <summary>One named prompt-injection pattern. The name is what findings and refusal reasons report.</summary>
public sealed record InjectionRule(string Name, string Description, Regex Pattern)
{
    // Case-insensitive; a time limit so a pathological input cannot hold a request thread.
    public static InjectionRule Create(string name, string description, string pattern) =>
        new(name, description, new Regex(
            pattern,
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnorePatternWhitespace,
            TimeSpan.FromMilliseconds(250)));
}
