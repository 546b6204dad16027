using System.Globalization;
using System.Text;

namespace Switchboard.AgentCore.Screening.Injection;

/// <summary>A prompt-injection rule that matched, and where (in the original text).</summary>
public readonly record struct InjectionMatch(string Rule, int Start, int Length);

/// <summary>
/// Runs <see cref="InjectionRules.All"/> over a question. Invisible format characters (zero-width spaces, joiners,
/// soft hyphens) are removed before matching so "ig\u200Bnore" cannot slip through, and match positions are
/// mapped back to the original text. Unicode tag characters (U+E0000–U+E007F) are reported as smuggling in their
/// own right: they render as nothing but models read them as ASCII.
/// <para>
/// A scan that runs out of time (the rules' regex limit, <see cref="InjectionRule.MatchTimeout"/>) fails closed: the
/// whole text is reported as one <see cref="NotScreenedRule"/> match, so every caller treats it as it treats an
/// injection — a question is refused, a chunk flagged, a source reported, a prompt quotes the text as data — and none
/// has to catch a regex exception.
/// </para>
/// </summary>
public sealed class PromptInjectionDetector(TimeSpan? matchTimeout = null)
{
    public const string TagSmugglingRule = "unicode_tag_smuggling";

    /// <summary>The rule name of a text whose scan ran out of time: it is not vouched for.</summary>
    public const string NotScreenedRule = "not_screened_timeout";

    private readonly IReadOnlyList<InjectionRule> _rules =
        matchTimeout is { } timeout ? [.. InjectionRules.All.Select(rule => rule.WithTimeout(timeout))] : InjectionRules.All;

    public IReadOnlyList<InjectionMatch> Detect(string text)
    {
        var matches = new List<InjectionMatch>();
        AddTagCharacterRuns(text, matches);

        var (visible, originalIndex) = RemoveFormatCharacters(text);
        try
        {
            foreach (var rule in _rules)
            {
                foreach (System.Text.RegularExpressions.Match match in rule.Pattern.Matches(visible))
                {
                    if (match.Length == 0)
                    {
                        continue;
                    }

                    var start = originalIndex?[match.Index] ?? match.Index;
                    var end = (originalIndex?[match.Index + match.Length - 1] ?? match.Index + match.Length - 1) + 1;
                    matches.Add(new InjectionMatch(rule.Name, start, end - start));
                }
            }
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return [new InjectionMatch(NotScreenedRule, 0, text.Length)];
        }

        matches.Sort((a, b) => a.Start.CompareTo(b.Start));
        return matches;
    }

    private static void AddTagCharacterRuns(string text, List<InjectionMatch> matches)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsTagCharacter(text, i))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsTagCharacter(text, i))
            {
                i += 2; // a tag character is a surrogate pair
            }

            matches.Add(new InjectionMatch(TagSmugglingRule, start, i - start));
        }
    }

    private static bool HasFormatCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTagCharacter(string text, int i) =>
        i + 1 < text.Length && text[i] == '\uDB40' && text[i + 1] is >= '\uDC00' and <= '\uDC7F';

    /// <returns>The text without format characters, and each of its positions in the original; null when nothing was removed.</returns>
    private static (string Visible, int[]? OriginalIndex) RemoveFormatCharacters(string text)
    {
        if (!HasFormatCharacter(text))
        {
            return (text, null); // nearly every text: no copy, positions map to themselves
        }

        var visible = new StringBuilder(text.Length);
        var originalIndex = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format)
            {
                if (char.IsHighSurrogate(text[i]))
                {
                    i++;
                }

                continue;
            }

            visible.Append(text[i]);
            originalIndex.Add(i);
        }

        return (visible.ToString(), originalIndex.ToArray());
    }
}
