using System.Text.RegularExpressions;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Splits a chunk into quotable sentences, each with its exact character range in the chunk. CSV chunks hold one row
/// per line, so each line is a "sentence" of row (first row + line index). Prose is split at sentence ends, at blank
/// lines and at line breaks, except where the next line plainly continues the sentence (it starts in lower case after
/// a line that does not end a sentence), which is how PDF text wraps. A sentence's range runs over the original text,
/// wrapped line breaks included, so the quote is verbatim.
/// </summary>
internal static partial class SentenceSplitter
{
    /// <summary>A line this short (in words) without sentence punctuation, standing alone, is a heading or a label.</summary>
    private const int MaxHeadingWords = 8;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "no", "fig", "approx", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "sec", "art",
    };

    public static IReadOnlyList<Sentence> Split(StoredChunk chunk)
    {
        var text = chunk.Text;
        var sentences = new List<Sentence>();
        var lines = Lines(text);
        if (chunk.Row is { } firstRow)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                Add(sentences, text, lines[i].Start, lines[i].End, firstRow + i, isHeading: false);
            }

            return sentences;
        }

        foreach (var block in Blocks(text, lines))
        {
            var start = block.Start;
            var blockText = text[block.Start..block.End];
            var heading = block.LineCount == 1 && LooksLikeHeading(blockText);
            foreach (Match end in SentenceEnd().Matches(blockText))
            {
                var cut = block.Start + end.Index + end.Length;
                if (!EndsWithAbbreviation(blockText, end.Index))
                {
                    Add(sentences, text, start, cut, null, heading);
                    start = cut;
                }
            }

            Add(sentences, text, start, block.End, null, heading);
        }

        return sentences;
    }

    /// <summary>
    /// Whether a sentence is a statement rather than a heading, label, list fragment or a question (an FAQ's
    /// "Is there a free trial?" repeats the words of the question without answering it). A CSV row always is.
    /// </summary>
    public static bool IsComplete(Sentence sentence)
    {
        if (sentence.Row is not null)
        {
            return true;
        }

        var text = sentence.Text.TrimEnd('"', '\'', '”', '’', ')');
        return text.Length > 0 && text[^1] is '.' or '!';
    }

    internal static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// A heading: a markdown heading, or a short line (at most <see cref="MaxHeadingWords"/> words) standing alone
    /// without sentence punctuation or digits ("Meals and daily allowances", "Hotel limits:"). It names a topic with
    /// the question's words but states nothing, so it is never an answer sentence.
    /// </summary>
    internal static bool LooksLikeHeading(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith('#'))
        {
            return true;
        }

        if (BulletPrefix().IsMatch(trimmed) || trimmed.Length == 0 || trimmed[^1] is '.' or '!' or '?' or ';' or ',')
        {
            return false;
        }

        var words = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= MaxHeadingWords && (trimmed[^1] == ':' || !trimmed.Any(char.IsDigit));
    }

    private static List<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        while (start <= text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var (s, e) = Trim(text, start, end);
            lines.Add((s, e));
            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
        }

        return lines;
    }

    /// <summary>Runs of lines in which every line break is a wrap, not a boundary: (first char, end, number of lines).</summary>
    private static IEnumerable<(int Start, int End, int LineCount)> Blocks(string text, List<(int Start, int End)> lines)
    {
        // A line that fills most of the text width was wrapped by layout; a short one (a heading) ends where it ends.
        var wrapWidth = Math.Max(40, (int)(lines.Max(l => l.End - l.Start) * 0.6));
        (int Start, int End)? previous = null;
        int blockStart = 0, blockEnd = 0, count = 0;
        foreach (var line in lines)
        {
            if (line.End == line.Start)
            {
                if (count > 0)
                {
                    yield return (blockStart, blockEnd, count);
                    count = 0;
                }

                previous = null;
                continue;
            }

            if (count > 0 && previous is { } p && !ContinuesSentence(text[p.Start..p.End], text[line.Start..line.End], wrapWidth))
            {
                yield return (blockStart, blockEnd, count);
                count = 0;
            }

            if (count == 0)
            {
                blockStart = line.Start;
            }

            blockEnd = line.End;
            count++;
            previous = line;
        }

        if (count > 0)
        {
            yield return (blockStart, blockEnd, count);
        }
    }

    private static bool ContinuesSentence(string previous, string next, int wrapWidth) =>
        previous[^1] is not ('.' or '!' or '?' or ':' or ';')
        && !BulletPrefix().IsMatch(next)
        && (char.IsLower(next[0]) || previous[^1] is ',' or '-' or '(' || previous.Length >= wrapWidth);

    private static bool EndsWithAbbreviation(string block, int periodIndex)
    {
        if (block[periodIndex] != '.')
        {
            return false;
        }

        var wordStart = periodIndex;
        while (wordStart > 0 && !char.IsWhiteSpace(block[wordStart - 1]) && block[wordStart - 1] != '(')
        {
            wordStart--;
        }

        var word = block[wordStart..periodIndex];
        // A single capital letter is an initial ("J. Smith"), not the end of a sentence.
        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]));
    }

    private static void Add(List<Sentence> sentences, string text, int start, int end, int? row, bool isHeading)
    {
        (start, end) = Trim(text, start, end);
        // The list marker is not part of the statement: the quote starts after it.
        var bullet = BulletPrefix().Match(text, start, end - start);
        if (bullet.Success && bullet.Index == start)
        {
            start += bullet.Length;
        }

        if (start >= end || !text[start..end].Any(char.IsLetterOrDigit))
        {
            return;
        }

        sentences.Add(new Sentence(CollapseWhitespace(text[start..end]), start, end, sentences.Count, row, isHeading));
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    // ". " "?" "!" (optionally followed by a closing quote or bracket) before whitespace and a capital, digit or quote.
    [GeneratedRegex(@"[.!?][""'”’)\]]*(?=\s+[\p{Lu}\p{N}""'“‘(\[])")]
    private static partial Regex SentenceEnd();

    // List markers, including the "!" that some PDFs' bullet glyphs extract as.
    [GeneratedRegex(@"^(?:[-*•·▪◦!]|\d{1,2}[.)])\s+")]
    private static partial Regex BulletPrefix();
}
