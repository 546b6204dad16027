using System.Text.RegularExpressions;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

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
        "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "no", "nos", "fig", "figs", "approx", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.u", "u.s.c", "sec", "secs", "art", "a.m", "p.m",
        "inc", "ltd", "co", "corp", "jr", "sr", "vol", "pp", "p", "cf", "al", "dept", "ch", "para", "par", "pub", "stat", "rev",
        "cat", "reg", "regs", "gov", "govt", "sen", "rep", "hon", "ave", "est", "incl", "ed", "eds",
    };

    // Words a sentence does not end on: a line ending with one runs on into the next, whatever that line starts with
    // ("... as required by paragraph (c) of" / "2019-04-12 ...").
    private static readonly HashSet<string> RunOnWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto", "under", "over", "than",
        "as", "and", "or", "nor", "but", "if", "that", "which", "who", "whose", "whom", "is", "are", "was", "were", "be", "been",
        "its", "their", "his", "her", "our", "your", "this", "these", "those", "per", "via", "between", "after", "before",
        "during", "within", "without", "about",
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
                if (!EndsWithAbbreviation(blockText, end.Index) && !CaptionLabel().IsMatch(blockText.AsSpan(0, end.Index)))
                {
                    Add(sentences, text, start, cut, null, heading);
                    start = cut;
                }
            }

            Add(sentences, text, start, block.End, null, heading);
        }

        return chunk.Page is <= CoverPages ? WithTitleContext(text, sentences) : sentences;
    }

    /// <summary>The pages of a PDF that may be a cover or title page.</summary>
    private const int CoverPages = 2;

    /// <summary>Words of a title line at most (a cover page's title, date, author or identifier line).</summary>
    private const int MaxTitleLineWords = 12;

    /// <summary>
    /// A cover page states its facts in lines of their own ("December 1998" under "U.S. Copyright Office Summary",
    /// "Stu2Labs" under "Stu Mitchell"): a line that states a value says what it is a value of only with the title lines
    /// above it. Such a line is quoted with up to two title lines right above it (one unit, verbatim from the first to
    /// the last), so "the date of the summary" finds the date; the title lines stay as they were.
    /// </summary>
    private static List<Sentence> WithTitleContext(string text, List<Sentence> sentences)
    {
        bool IsTitleLine(Sentence s) =>
            s.Row is null && !s.Text.StartsWith('#') && s.Text[^1] is not ('.' or '!' or '?' or ':')
            && !text.AsSpan(s.Start, s.End - s.Start).Contains('\n')
            && s.Text.Split(' ').Length <= MaxTitleLineWords;

        var result = new List<Sentence>(sentences.Count);
        for (var i = 0; i < sentences.Count; i++)
        {
            var sentence = sentences[i];
            var first = i;
            if (!sentence.IsHeading && IsTitleLine(sentence) && ValueMentions.StatesValue(sentence.Text))
            {
                while (first > 0 && i - first < 2 && IsTitleLine(sentences[first - 1]))
                {
                    first--;
                }
            }

            result.Add(first == i
                ? sentence with { Position = result.Count }
                : new Sentence(CollapseWhitespace(text[sentences[first].Start..sentence.End]), sentences[first].Start, sentence.End, result.Count, null));
        }

        return result;
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

        // A PDF table's header row (cells apart by " | ", no figures) heads the rows below it, however many columns it has.
        if (trimmed.Contains(" | ", StringComparison.Ordinal))
        {
            return !trimmed.Any(char.IsDigit);
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
        // A line that fills most of the usual line width was wrapped by layout; a short one (a heading) ends where it
        // ends. The usual width is that of most lines (three quarters are no longer), not the longest: a narrow PDF
        // column's lines wrap at a third of a full-width title's length.
        var wrapWidth = Math.Max(MinWrapWidth, (int)(TypicalLineLength(lines) * 0.6));
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

    /// <summary>A line shorter than this never counts as wrapped by its length alone.</summary>
    private const int MinWrapWidth = 24;

    private static int TypicalLineLength(List<(int Start, int End)> lines)
    {
        var lengths = lines.Where(l => l.End > l.Start).Select(l => l.End - l.Start).Order().ToList();
        return lengths.Count == 0 ? 0 : lengths[lengths.Count * 3 / 4];
    }

    private static bool ContinuesSentence(string previous, string next, int wrapWidth) =>
        (previous[^1] is not ('.' or '!' or '?' or ':' or ';') || (previous[^1] == '.' && EndsWithAbbreviation(previous, previous.Length - 1)))
        && !BulletPrefix().IsMatch(next)
        && next[0] != '|' && previous[^1] != '|' // a table's rows are lines of their own
        && (char.IsLower(next[0]) || previous[^1] is ',' or '-' or '–' or '—' or '(' || previous.Length >= wrapWidth || EndsWithRunOnWord(previous));

    private static bool EndsWithRunOnWord(string line)
    {
        var end = line.Length;
        var start = end;
        while (start > 0 && char.IsLetter(line[start - 1]))
        {
            start--;
        }

        return start < end && (start == 0 || char.IsWhiteSpace(line[start - 1])) && RunOnWords.Contains(line[start..end]);
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

    // A caption's label at the start of a line ("Figure 7-27. Stainless steel self-locking nut"): its full stop does
    // not end the caption, which would leave the label alone and the words it labels a heading, never quoted.
    [GeneratedRegex(@"(?:^|\n)[ \t]*(?:Figure|Fig\.|Table|Exhibit|Chart|Plate)[ \t]+[A-Z]?\d+(?:[-–.]\d+)*$")]
    private static partial Regex CaptionLabel();

    // List markers, including the "!" that some PDFs' bullet glyphs extract as.
    [GeneratedRegex(@"^(?:[-*•·▪◦!]|\d{1,2}[.)])\s+")]
    private static partial Regex BulletPrefix();
}
