using System.Text;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Running headers, footers, page numbers and margin lines: text a PDF repeats at the same place on page after page
/// ("NIST SP 800-207", "Copyright Office Summary / December 1998 / Page 7", a browser's print header with the URL and
/// date). Left in, they are glued into sentences and quoted as answers. A line is a decoration when the same text
/// (in the top or bottom 15 % of a page, digits ignored in a line of words, so "Page 3 of 48" matches "Page 4 of 48";
/// elsewhere, and in a line of numbers, the text must match exactly, so a table or a form running over pages stays) stands at the same place on at least two other pages
/// near it (<see cref="Window"/> pages either side, so memory stays bounded on long documents); it is kept on the first
/// page it appears on (the title a header repeats is said once, and stays citable) and left out of the others. A
/// page-number line ("7", "Page 7 of 48", "B-1191") in the top or bottom band of a page is left out wherever it is.
/// </summary>
internal sealed class PdfDecorations(int pageCount, Func<int, PdfPageLayout> read)
{
    /// <summary>Pages either side of a page that are compared with it.</summary>
    public const int Window = 4;

    /// <summary>The share of the page height at the top and the bottom where page numbers stand.</summary>
    private const double Band = 0.08;

    /// <summary>The share of the page height at the top and the bottom where running headers and footers stand.</summary>
    private const double HeaderBand = 0.15;

    private readonly Dictionary<int, (PdfPageLayout Page, List<(string Key, PdfLayoutLine Line)> Lines)> _pages = [];

    /// <summary>Page <paramref name="number"/> (1-based) and whether each of its lines is kept.</summary>
    public (PdfPageLayout Page, Func<PdfLayoutLine, bool> Keep) Get(int number)
    {
        foreach (var old in _pages.Keys.Where(k => k < number - Window).ToList())
        {
            _pages.Remove(old);
        }

        var (page, lines) = Load(number);
        var first = Math.Max(1, number - Window);
        var last = Math.Min(pageCount, number + Window);
        var required = Math.Min(2, last - first);
        var drop = new HashSet<PdfLayoutLine>(ReferenceEqualityComparer.Instance);
        foreach (var (key, line) in lines)
        {
            if (InBand(page, line) && PdfLayout.IsPageNumber(line.Text))
            {
                drop.Add(line);
                continue;
            }

            if (required == 0 || key.Length == 0)
            {
                continue;
            }

            int matches = 0;
            var earlier = false;
            for (var other = first; other <= last; other++)
            {
                if (other != number && Load(other) is var (otherPage, otherLines)
                    && otherLines.Any(o => o.Key == key && SamePlace(page, line, otherPage, o.Line)))
                {
                    matches++;
                    earlier |= other < number;
                }
            }

            if (matches >= required && earlier)
            {
                drop.Add(line);
            }
        }

        return (page, line => !drop.Contains(line));
    }

    private (PdfPageLayout Page, List<(string Key, PdfLayoutLine Line)> Lines) Load(int number)
    {
        if (!_pages.TryGetValue(number, out var entry))
        {
            var page = read(number);
            // Digits are ignored only at the top and bottom of a page, where running headers and footers stand; a body
            // line must repeat exactly.
            entry = (page, page.Lines.Select(l => (Key(l.Text, digitsAsHash: InBand(page, l, HeaderBand)), l)).ToList());
            _pages[number] = entry;
        }

        return entry;
    }

    /// <summary>
    /// The text compared: lower case, whitespace collapsed, and digits as '#' where the line is mostly words ("Page 7
    /// of 48", "December 1998"). A line mostly of digits keeps them: the rows of a table that runs over several pages
    /// stand at the same places with other numbers, and are content, not decoration.
    /// </summary>
    internal static string Key(string text, bool digitsAsHash = true)
    {
        var letters = text.Count(char.IsLetter);
        digitsAsHash = digitsAsHash && letters > 0 && text.Count(char.IsDigit) <= letters;
        var key = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (key.Length > 0 && key[^1] != ' ')
                {
                    key.Append(' ');
                }
            }
            else
            {
                key.Append(digitsAsHash && char.IsDigit(c) ? '#' : char.ToLowerInvariant(c));
            }
        }

        return key.ToString().Trim();
    }

    private static bool InBand(PdfPageLayout page, PdfLayoutLine line, double band = Band) =>
        line.Box.Bottom >= page.Height * (1 - band) || line.Box.Top <= page.Height * band;

    private static bool SamePlace(PdfPageLayout a, PdfLayoutLine x, PdfPageLayout b, PdfLayoutLine y)
    {
        var toleranceX = Math.Max(6, 0.02 * Math.Max(a.Width, b.Width));
        var toleranceY = Math.Max(6, 0.02 * Math.Max(a.Height, b.Height));
        return Math.Abs(x.Box.Centroid.X - y.Box.Centroid.X) <= toleranceX && Math.Abs(x.Box.Centroid.Y - y.Box.Centroid.Y) <= toleranceY;
    }
}
