using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;
using static Switchboard.RouterAgent.Rewriting.QuestionWords;

namespace Switchboard.RouterAgent.Rewriting;

/// <summary>
/// Deterministic follow-up rewriting against the previous standalone question (no model). A question is a follow-up when
/// <list type="bullet">
/// <item>it starts with "and", "also", "what about" or "how about" followed by a fragment ("and in 2023-Q3?"), or</item>
/// <item>it is a short fragment with no question word or verb of its own: a prepositional phrase ("in 2023?"), a period
/// ("Q3 2023?"), a noun phrase with a determiner ("the annual price?") or a name ("Vaultkeeper?"), or</item>
/// <item>it is short and refers back with a pronoun ("How much does it cost?").</item>
/// </list>
/// The fragment then replaces its counterpart in the previous question: the phrase with the same preposition (or the
/// period), the noun phrase with the same head noun, or the previous question's main subject. Anything else is a
/// standalone question and passes unchanged.
/// </summary>
public sealed partial class RuleBasedQuestionRewriter : IQuestionRewriter
{
    private const int MaxFragmentWords = 6;
    private const int MaxPronounQuestionWords = 12;

    public Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken) =>
        Task.FromResult(Rewrite(question, history.LastOrDefault(t => !string.IsNullOrWhiteSpace(t.Standalone))?.Standalone));

    /// <param name="previous">The previous standalone question of the session, if any.</param>
    public static string Rewrite(string question, string? previous)
    {
        var asked = Collapse(question);
        if (string.IsNullOrWhiteSpace(previous) || asked.Length == 0)
        {
            return asked;
        }

        var prior = Words(Collapse(previous).TrimEnd('?', '!', '.', ' '));
        var ending = Collapse(previous).EndsWith('?') || asked.EndsWith('?') ? "?" : "";
        if (prior.Count == 0)
        {
            return asked;
        }

        if (FollowUpFragment(asked) is { } fragment)
        {
            return Sentence(Merge(prior, fragment), ending);
        }

        return ResolvePronouns(asked, prior) is { } resolved ? resolved : asked;
    }

    /// <summary>The fragment to merge, or null when the question stands alone.</summary>
    private static List<string>? FollowUpFragment(string asked)
    {
        var core = asked.TrimEnd('?', '!', '.', ' ');
        var lower = core.ToLowerInvariant();
        var leadIn = FollowUpLeadIns.FirstOrDefault(l => lower.StartsWith(l, StringComparison.Ordinal) && lower.Length > l.Length);
        var words = Words(leadIn is null ? core : core[leadIn.Length..]);
        if (words.Count == 0 || words.Count > MaxFragmentWords || words.Any(w => QuestionStarts.Contains(Bare(w))))
        {
            return null;
        }

        var first = Bare(words[0]);
        var isFragment = leadIn is not null
            || Prepositions.Contains(first)
            || Determiners.Contains(first)
            || IsDateLike(string.Join(' ', words))
            || IsName(words);
        return isFragment ? LowerFunctionWord(words) : null;
    }

    private static List<string> Merge(List<string> prior, List<string> fragment)
    {
        var first = Bare(fragment[0]);
        if (Prepositions.Contains(first))
        {
            return ReplacePhrase(prior, fragment) ?? [.. prior, .. fragment];
        }

        if (IsDateLike(string.Join(' ', fragment)))
        {
            var date = LastDateSpan(prior);
            return date is { } span ? Splice(prior, span, fragment) : [.. prior, "in", .. fragment];
        }

        if (HeadNounPhrase(prior, fragment) is { } phrase)
        {
            // "annual price" for "the monthly price" keeps the determiner it replaces.
            var replacement = !Determiners.Contains(first) && Determiners.Contains(Bare(prior[phrase.Start])) && !IsName(fragment)
                ? [prior[phrase.Start], .. fragment]
                : fragment;
            return Splice(prior, phrase, replacement);
        }

        if (MainSubject(prior, allowCopulaObject: !IsName(fragment)) is { } subject)
        {
            return Splice(prior, subject, fragment);
        }

        return [.. prior, "for", .. fragment];
    }

    /// <summary>"in 2023-Q3" replaces the previous question's "in …" phrase, preferring one of the same kind (a period or not).</summary>
    private static List<string>? ReplacePhrase(List<string> prior, List<string> fragment)
    {
        var preposition = Bare(fragment[0]);
        var wantsDate = IsDateLike(string.Join(' ', fragment.Skip(1)));
        var phrases = new List<(int Start, int End, bool IsDate)>();
        for (var i = 0; i < prior.Count - 1; i++)
        {
            if (Bare(prior[i]) == preposition)
            {
                var end = i + 1;
                while (end + 1 < prior.Count && !Prepositions.Contains(Bare(prior[end + 1])) && !prior[end].EndsWith(','))
                {
                    end++;
                }

                phrases.Add((i, end, IsDateLike(string.Join(' ', prior[(i + 1)..(end + 1)]).TrimEnd(','))));
            }
        }

        if (phrases.Count == 0 && wantsDate && LastDateSpan(prior) is { } date && date.Start > 0 && Prepositions.Contains(Bare(prior[date.Start - 1])))
        {
            // "during 2024" answered with "in 2023".
            return Splice(prior, (date.Start - 1, date.End), fragment);
        }

        if (phrases.Count == 0)
        {
            return null;
        }

        var chosen = phrases.LastOrDefault(p => p.IsDate == wantsDate);
        var (start, stop, _) = chosen == default ? phrases[^1] : chosen;
        return Splice(prior, (start, stop), fragment);
    }

    /// <summary>The noun phrase of the previous question ending in the fragment's head noun ("the monthly price" for "the annual price").</summary>
    private static (int Start, int End)? HeadNounPhrase(List<string> prior, List<string> fragment)
    {
        var head = Singular(Bare(fragment[^1]));
        for (var i = prior.Count - 1; i >= 0; i--)
        {
            if (Singular(Bare(prior[i])) != head)
            {
                continue;
            }

            var start = i;
            while (start > 0 && !IsBoundary(prior[start - 1]) && !Determiners.Contains(Bare(prior[start])))
            {
                start--;
            }

            return (start, i);
        }

        return null;
    }

    /// <summary>
    /// What the previous question is about: its first name ("Forecast Studio"), else the object of its first "of/for/about"
    /// phrase, else (for a common noun phrase) what follows "what is/are/was/were".
    /// </summary>
    private static (int Start, int End)? MainSubject(List<string> prior, bool allowCopulaObject)
    {
        for (var i = 1; i < prior.Count; i++)
        {
            if (IsCapitalized(prior[i]) && !NotNames.Contains(Bare(prior[i])))
            {
                var end = i;
                while (end + 1 < prior.Count && IsCapitalized(prior[end + 1]) && !prior[end].EndsWith(','))
                {
                    end++;
                }

                return (i, end);
            }
        }

        for (var i = 0; i < prior.Count - 1; i++)
        {
            if (Bare(prior[i]) is "of" or "for" or "about")
            {
                var end = i + 1;
                while (end + 1 < prior.Count && !IsBoundary(prior[end + 1]))
                {
                    end++;
                }

                return (i + 1, end);
            }
        }

        if (allowCopulaObject && prior.Count > 2 && QuestionStarts.Contains(Bare(prior[0])) && Bare(prior[1]) is "is" or "are" or "was" or "were")
        {
            return (2, prior.Count - 1);
        }

        return null;
    }

    /// <summary>"How much does it cost?" after "What is Vaultkeeper?" → "How much does Vaultkeeper cost?".</summary>
    private static string? ResolvePronouns(string asked, List<string> prior)
    {
        var words = Words(asked.TrimEnd('?', '!', '.', ' '));
        if (words.Count > MaxPronounQuestionWords || words.Skip(1).Any(w => IsCapitalized(w) && !NotNames.Contains(Bare(w))) || ImpersonalIt().IsMatch(asked))
        {
            return null;
        }

        var index = words.FindIndex(w => Bare(w) is "it" or "they" or "them" or "its" or "their");
        if (index < 0)
        {
            index = words.FindIndex(w => Bare(w) is "that" or "this");
            var referring = index >= 0 && (index == words.Count - 1 || (index > 0 && QuestionStarts.Contains(Bare(words[index - 1]))));
            if (!referring)
            {
                return null;
            }
        }

        if (MainSubject(prior, allowCopulaObject: true) is not { } subject)
        {
            return null;
        }

        var name = string.Join(' ', prior[subject.Start..(subject.End + 1)]).TrimEnd(',');
        var pronoun = Bare(words[index]);
        var replacement = pronoun is "its" or "their" ? name + "'s" : name;
        var rewritten = Splice(words, (index, index), [replacement]);
        return Sentence(rewritten, asked.EndsWith('?') ? "?" : "");
    }

    private static bool IsBoundary(string word)
    {
        var bare = Bare(word);
        return Prepositions.Contains(bare) || QuestionStarts.Contains(bare) || word.EndsWith(',');
    }

    /// <summary>A fragment of capitalised words only ("Vaultkeeper", "Forecast Studio") is a name.</summary>
    private static bool IsName(List<string> words) =>
        words.All(w => IsCapitalized(w) || char.IsDigit(w[0])) && !words.Any(w => NotNames.Contains(Bare(w)));

    private static List<string> LowerFunctionWord(List<string> words)
    {
        var first = Bare(words[0]);
        return Prepositions.Contains(first) || Determiners.Contains(first) ? [words[0].ToLowerInvariant(), .. words.Skip(1)] : words;
    }

    private static (int Start, int End)? LastDateSpan(List<string> words)
    {
        for (var i = words.Count - 1; i >= 0; i--)
        {
            if (i > 0 && IsDateLike($"{Bare(words[i - 1])} {Bare(words[i])}"))
            {
                return (i - 1, i);
            }

            if (IsDateLike(Bare(words[i])))
            {
                return (i, i);
            }
        }

        return null;
    }

    private static List<string> Splice(List<string> words, (int Start, int End) span, List<string> replacement)
    {
        // A comma closing the replaced span stays: "in 2024, what" keeps its clause break.
        var comma = words[span.End].EndsWith(',') ? "," : "";
        var inserted = replacement.ToList();
        if (comma.Length > 0 && inserted.Count > 0)
        {
            inserted[^1] += comma;
        }

        return [.. words[..span.Start], .. inserted, .. words[(span.End + 1)..]];
    }

    private static string Sentence(List<string> words, string ending)
    {
        var text = string.Join(' ', words);
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + ending;
    }

    private static string Singular(string word) => word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss") ? word[..^1] : word;

    private static List<string> Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // "is it possible to…", "was it worth…": "it" refers to nothing earlier.
    [GeneratedRegex(@"\b(is|was|will|would) it (be )?(possible|true|okay|ok|necessary|worth|safe|allowed|required|legal|likely|raining)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ImpersonalIt();
}
