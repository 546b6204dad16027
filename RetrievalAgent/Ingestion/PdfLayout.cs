using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>One line of a page as laid out: its text and where it sits.</summary>
internal sealed record PdfLayoutLine(string Text, PdfRectangle Box);

/// <summary>A block of lines (a paragraph, a title, a cell group) as PdfPig's page segmenter found it.</summary>
internal sealed record PdfLayoutBlock(IReadOnlyList<PdfLayoutLine> Lines);

/// <summary>One page's blocks in reading order.</summary>
internal sealed record PdfPageLayout(int Number, double Width, double Height, IReadOnlyList<PdfLayoutBlock> Blocks)
{
    public IEnumerable<PdfLayoutLine> Lines => Blocks.SelectMany(b => b.Lines);
}

/// <summary>
/// Layout-aware reading of a PDF page with what PdfPig gives: its words with their positions
/// (<see cref="NearestNeighbourWordExtractor"/>), grouped into lines and blocks (<see cref="DocstrumBoundingBoxes"/>),
/// and the blocks put in reading order (<see cref="ReadingOrder{T}"/>: columns one after the other), so a multi-column page is read
/// column by column instead of across the columns, and a cover page's title lines stay apart from the body. Blocks are
/// separated by a blank line (a sentence boundary), except where a sentence plainly runs on from one block into the
/// next (a column or block break mid-sentence: the first block does not end a sentence and the next starts in lower
/// case). A page that is a table without rulings is read row by row instead (<see cref="PdfTable"/>).
/// </summary>
internal static partial class PdfLayout
{
    public static PdfPageLayout Read(Page page)
    {
        var words = page.GetWords(NearestNeighbourWordExtractor.Instance).Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (words.Count == 0)
        {
            return new PdfPageLayout(page.Number, page.Width, page.Height, []);
        }

        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        var allLines = blocks.SelectMany(b => b.TextLines).Select(l => new PdfLayoutLine(l.Text, l.BoundingBox)).Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        if (PdfTable.Rows(allLines) is { } table)
        {
            return new PdfPageLayout(page.Number, page.Width, page.Height, table);
        }

        var ordered = ReadingOrder(blocks, b => b.BoundingBox, page.Width);
        var result = new List<PdfLayoutBlock>();
        foreach (var block in ordered)
        {
            var lines = block.TextLines
                .Select(l => new PdfLayoutLine(l.Text, l.BoundingBox))
                .Where(l => !string.IsNullOrWhiteSpace(l.Text))
                .ToList();
            if (lines.Count > 0)
            {
                result.Add(new PdfLayoutBlock(lines));
            }
        }

        return new PdfPageLayout(page.Number, page.Width, page.Height, result);
    }

    /// <summary>
    /// Blocks in reading order: from the top down, a block wider than <see cref="FullWidth"/> of the page (a title, a
    /// full-width paragraph or table) is read where it stands; the blocks between two such are grouped into columns
    /// (blocks whose horizontal extents overlap, transitively) and read column by column, left to right, each from the
    /// top down. A single-column page is read from the top down; a three-column page column after column.
    /// </summary>
    internal static List<T> ReadingOrder<T>(IReadOnlyList<T> blocks, Func<T, PdfRectangle> box, double pageWidth)
    {
        var ordered = new List<T>(blocks.Count);
        var band = new List<T>();
        foreach (var block in blocks.OrderByDescending(b => box(b).Top).ThenBy(b => box(b).Left))
        {
            if (box(block).Width >= FullWidth * pageWidth)
            {
                ordered.AddRange(Columns(band, box));
                band.Clear();
                ordered.Add(block);
            }
            else
            {
                band.Add(block);
            }
        }

        ordered.AddRange(Columns(band, box));
        return ordered;
    }

    /// <summary>The share of the page width from which a block spans the columns.</summary>
    private const double FullWidth = 0.6;

    private static IEnumerable<T> Columns<T>(List<T> band, Func<T, PdfRectangle> box)
    {
        if (band.Count == 0)
        {
            yield break;
        }

        var byLeft = band.OrderBy(b => box(b).Left).ToList();
        var column = new List<T> { byLeft[0] };
        var right = box(byLeft[0]).Right;
        foreach (var block in byLeft.Skip(1))
        {
            if (box(block).Left > right)
            {
                foreach (var b in column.OrderByDescending(b => box(b).Top))
                {
                    yield return b;
                }

                column.Clear();
            }

            column.Add(block);
            right = Math.Max(right, box(block).Right);
        }

        foreach (var b in column.OrderByDescending(b => box(b).Top))
        {
            yield return b;
        }
    }

    /// <summary>The page's text: lines of a block on their own lines, blocks apart by a blank line unless a sentence runs on.</summary>
    public static string Text(PdfPageLayout page, Func<PdfLayoutLine, bool> keep)
    {
        var text = new StringBuilder();
        string? previousLine = null;
        foreach (var block in page.Blocks)
        {
            var lines = block.Lines.Where(keep).Select(l => l.Text.Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0)
            {
                continue;
            }

            if (previousLine is not null)
            {
                text.Append(RunsOn(previousLine, lines[0]) ? "\n" : "\n\n");
            }

            text.AppendJoin('\n', lines);
            previousLine = lines[^1];
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether a sentence runs on from one block into the next: the first does not end with sentence punctuation and the
    /// next starts in lower case (or the first ends with a hyphen, a comma or an opening bracket).
    /// </summary>
    internal static bool RunsOn(string previous, string next) =>
        previous.Length > 0 && next.Length > 0
        && previous[^1] is not ('.' or '!' or '?' or ':' or ';')
        && (char.IsLower(next[0]) || previous[^1] is ',' or '-' or '(');

    /// <summary>
    /// Whether a page's text is gibberish rather than words: a font without a Unicode map extracts as control
    /// characters, replacement characters, private-use code points or runs of punctuation instead of letters. Such a
    /// page is left out of the index (with a warning) so it is never quoted.
    /// </summary>
    public static bool IsGibberish(string text)
    {
        int visible = 0, suspicious = 0, letters = 0;
        foreach (var c in text)
        {
            if (c is '\n' or '\t' or ' ')
            {
                continue;
            }

            visible++;
            if (char.IsLetter(c))
            {
                letters++;
            }

            if (char.IsControl(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.PrivateUse
                    or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.Surrogate)
            {
                suspicious++;
            }
        }

        if (visible < 20)
        {
            return false;
        }

        // A real page may hold a few odd glyphs (bullets mapped to private use, a stray control): a tenth is not a few.
        // A page of digits (a tax table) is not gibberish either, but one where letters and digits are rare is.
        var alphanumeric = text.Count(char.IsLetterOrDigit);
        return suspicious >= 0.1 * visible || (alphanumeric < 0.4 * visible && letters < 0.3 * visible);
    }

    /// <summary>A page-number line: "7", "- 7 -", "Page 7", "Page 7 of 48", "7-45", "B-1191", "iv".</summary>
    public static bool IsPageNumber(string line) => PageNumber().IsMatch(line.Trim());

    [GeneratedRegex(@"^(?:[-–—]\s*\d{1,4}\s*[-–—]|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[A-Z]?-?\d{1,4}(?:[-–]\d{1,4})?|(?-i:[ivxlc]{1,6}))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();
}
