using System.Text;
using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>
/// Reads an answer's sentences the way its quotes were written. Two things in a verbatim quote are not the answer's own:
/// <list type="bullet">
/// <item>the document's reference markers: a paper's "[6]", Wikipedia's "ducks.[7][2]" are glued to the word before
/// them (the answer writes its own markers after a space) and stand so in a cited context. They are the document's
/// text, not citations of the answer's sources, so they are masked before the answer is split (a citation of a
/// number that is not among the contexts is still refused when it is not such a quote);</item>
/// <item>the quote's inner punctuation: a sentence the answerer quoted whole ("… Pub. L. No. 105-304 …", "9 a.m. The
/// office …") may be cut by the review's own splitter; a piece without a citation of its own that, together with the
/// next cited piece, stands verbatim in that piece's cited context is that quote, and is joined to it.</item>
/// </list>
/// Joining and masking only ever concern text found verbatim in the cited contexts, so no claim escapes the review.
/// </summary>
public static partial class QuotedSentences
{
    private const char MaskOpen = '\uE000';
    private const char MaskClose = '\uE001';

    public static IReadOnlyList<AnswerSentence> Split(string answer, IReadOnlyList<AnswerContext> contexts)
    {
        // The contexts' text is read only when a marker is glued or a piece has no citation (most answers: never).
        var texts = new Lazy<Dictionary<int, string>>(() =>
            contexts.GroupBy(c => c.Number).ToDictionary(g => g.Key, g => Collapse(string.Join('\n', g.Select(c => c.Text)))));
        var numbers = contexts.Select(c => c.Number).ToHashSet();
        var masked = MaskDocumentMarkers(answer, texts);
        var sentences = SentenceSplitter.Split(masked).Select(Unmask).ToList();
        return JoinCutQuotes(sentences, numbers, texts);
    }

    /// <summary>Masks the glued reference markers that stand, with the word before them, verbatim in a context.</summary>
    private static string MaskDocumentMarkers(string answer, Lazy<Dictionary<int, string>> contexts)
    {
        if (!answer.Contains('[', StringComparison.Ordinal))
        {
            return answer;
        }

        var chars = answer.ToCharArray();
        foreach (Match run in GluedMarkers().Matches(answer))
        {
            // The word the markers are glued to, back to the previous whitespace: "ducks.[7][2]".
            var start = run.Index;
            while (start > 0 && !char.IsWhiteSpace(answer[start - 1]))
            {
                start--;
            }

            var quoted = answer[start..(run.Index + run.Length)];
            if (start < run.Index && contexts.Value.Values.Any(text => text.Contains(quoted, StringComparison.Ordinal)))
            {
                for (var i = run.Index; i < run.Index + run.Length; i++)
                {
                    chars[i] = chars[i] switch { '[' => MaskOpen, ']' => MaskClose, var c => c };
                }
            }
        }

        return new string(chars);
    }

    private static AnswerSentence Unmask(AnswerSentence sentence) =>
        sentence.Original.Contains(MaskOpen, StringComparison.Ordinal)
            ? new AnswerSentence(Restore(sentence.Original), Restore(sentence.Text), sentence.Cites)
            : sentence;

    private static string Restore(string text) => text.Replace(MaskOpen, '[').Replace(MaskClose, ']');

    /// <summary>Joins pieces without a citation of their own to the next cited piece when both together are a verbatim quote of it.</summary>
    private static List<AnswerSentence> JoinCutQuotes(List<AnswerSentence> sentences, HashSet<int> numbers, Lazy<Dictionary<int, string>> contexts)
    {
        var joined = new List<AnswerSentence>(sentences.Count);
        var pending = new List<AnswerSentence>();
        foreach (var sentence in sentences)
        {
            var cited = sentence.Cites.Where(numbers.Contains).ToList();
            if (cited.Count == 0 || sentence.Cites.Count != cited.Count)
            {
                pending.Add(sentence);
                continue;
            }

            // The longest run of pending pieces right before this one that, with it, is a quote of its contexts.
            var take = 0;
            for (var n = pending.Count; n > 0; n--)
            {
                var quote = Collapse(string.Join(' ', pending.Skip(pending.Count - n).Select(p => p.Original).Append(OwnMarkers().Replace(sentence.Original, string.Empty))));
                if (cited.Any(number => contexts.Value[number].Contains(TrimEndPunctuation(quote), StringComparison.Ordinal)))
                {
                    take = n;
                    break;
                }
            }

            joined.AddRange(pending.Take(pending.Count - take));
            if (take > 0)
            {
                var original = string.Join(' ', pending.Skip(pending.Count - take).Select(p => p.Original).Append(sentence.Original));
                joined.Add(new AnswerSentence(original, SentenceSplitter.StripMarkers(original), sentence.Cites));
            }
            else
            {
                joined.Add(sentence);
            }

            pending.Clear();
        }

        joined.AddRange(pending);
        return joined;
    }

    // The answer's markers may stand before or after the quote's full stop; the quote is compared without its end.
    private static string TrimEndPunctuation(string quote) => quote.TrimEnd('.', ' ');

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // The answer's own markers: written after whitespace (a document's are glued to the word before them).
    [GeneratedRegex(@"\s+\[\d+(?:\s*[,;]\s*\d+)*\]", RegexOptions.CultureInvariant)]
    private static partial Regex OwnMarkers();

    // One or more markers glued to what precedes them (no whitespace before the first).
    [GeneratedRegex(@"(?<=\S)(?:\[\d+(?:\s*[,;]\s*\d+)*\])+", RegexOptions.CultureInvariant)]
    private static partial Regex GluedMarkers();
}
