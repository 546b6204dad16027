using System.Text.RegularExpressions;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Splits a chunk into quotable sentences. CSV chunks hold one row per line, so each line is a "sentence" of row
/// (first row + line index). Prose is split at sentence ends, at blank lines and at line breaks, except where the next
/// line plainly continues the sentence (it starts in lower case after a line that does not end a sentence), which
/// is how PDF text wraps.
/// </summary>
internal static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "no", "fig", "approx", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "sec", "art",
    };

    public static IReadOnlyList<Sentence> Split(StoredChunk chunk)
    {
        var sentences = new List<Sentence>();
        if (chunk.Row is { } firstRow)
        {
            var lines = chunk.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                Add(sentences, lines[i], firstRow + i);
            }

            return sentences;
        }

        foreach (var block in JoinWrappedLines(chunk.Text))
        {
            var start = 0;
            foreach (Match end in SentenceEnd().Matches(block))
            {
                var cut = end.Index + end.Length;
                if (!EndsWithAbbreviation(block, end.Index))
                {
                    Add(sentences, block[start..cut], null);
                    start = cut;
                }
            }

            Add(sentences, block[start..], null);
        }

        return sentences;
    }

    /// <summary>Blocks of text in which every line break is a wrap, not a boundary.</summary>
    private static IEnumerable<string> JoinWrappedLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToArray();
        // A line that fills most of the text width was wrapped by layout; a short one (a heading) ends where it ends.
        var wrapWidth = Math.Max(40, (int)(lines.Max(l => l.Length) * 0.6));
        var block = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (block.Count > 0)
                {
                    yield return string.Join(' ', block);
                    block.Clear();
                }

                continue;
            }

            if (block.Count > 0 && !ContinuesSentence(block[^1], line, wrapWidth))
            {
                yield return string.Join(' ', block);
                block.Clear();
            }

            block.Add(line);
        }

        if (block.Count > 0)
        {
            yield return string.Join(' ', block);
        }
    }

    private static bool ContinuesSentence(string previous, string next, int wrapWidth) =>
        previous[^1] is not ('.' or '!' or '?' or ':' or ';')
        && !BulletPrefix().IsMatch(next)
        && (char.IsLower(next[0]) || previous[^1] is ',' or '-' or '(' || previous.Length >= wrapWidth);

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

    private static void Add(List<Sentence> sentences, string text, int? row)
    {
        var clean = BulletPrefix().Replace(CollapseWhitespace(text), string.Empty);
        if (clean.Any(char.IsLetterOrDigit))
        {
            sentences.Add(new Sentence(clean, sentences.Count, row));
        }
    }

    internal static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // ". " "?" "!" (optionally followed by a closing quote or bracket) before whitespace and a capital, digit or quote.
    [GeneratedRegex(@"[.!?][""'”’)\]]*(?=\s+[\p{Lu}\p{N}""'“‘(\[])")]
    private static partial Regex SentenceEnd();

    // List markers, including the "!" that some PDFs' bullet glyphs extract as.
    [GeneratedRegex(@"^(?:[-*•·▪◦!]|\d{1,2}[.)])\s+")]
    private static partial Regex BulletPrefix();
}
