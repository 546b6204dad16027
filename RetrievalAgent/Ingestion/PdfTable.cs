namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// A page that is a table without rulings (a statistics sheet, an expenditure listing): the page segmenter makes each
/// column of cells a block, so reading blocks column by column would list every state, then every count, and no
/// sentence would hold a state with its figures. Such a page is read row by row instead: the lines that share a
/// baseline are one row, its cells left to right apart by " | ", each row a block of its own (so a row is a citable
/// unit, and the header row, a short line without digits, reads as the heading above the rows). Lines alone on their
/// baseline (a title, notes under the table) stay together as blocks of lines.
/// <para>
/// A page is a table when at least <see cref="MinRows"/> baselines hold <see cref="MinCells"/> or more separate lines,
/// those rows hold most of the page's lines, their cells are short (a median of at most <see cref="MaxCellWords"/>
/// words: prose columns, which also share baselines, hold lines of many words) and many of them hold digits.
/// </para>
/// </summary>
internal static class PdfTable
{
    public const int MinRows = 6;
    public const int MinCells = 3;
    public const int MaxCellWords = 4;

    /// <summary>The page's blocks read row by row, or null when the page is not a table.</summary>
    public static IReadOnlyList<PdfLayoutBlock>? Rows(IReadOnlyList<PdfLayoutLine> lines)
    {
        if (lines.Count < MinRows * MinCells)
        {
            return null;
        }

        var heights = lines.Select(l => l.Box.Height).Where(h => h > 0).Order().ToList();
        var tolerance = heights.Count == 0 ? 2 : heights[heights.Count / 2] * 0.5;
        var rows = new List<List<PdfLayoutLine>>();
        foreach (var line in lines.OrderByDescending(Centre))
        {
            if (rows.Count > 0 && Math.Abs(Centre(rows[^1][0]) - Centre(line)) <= tolerance && !rows[^1].Any(cell => Overlaps(cell, line)))
            {
                rows[^1].Add(line);
            }
            else
            {
                rows.Add([line]);
            }
        }

        var tableRows = rows.Where(r => r.Count >= MinCells).ToList();
        var cells = tableRows.SelectMany(r => r).ToList();
        if (tableRows.Count < MinRows || cells.Count * 2 < lines.Count)
        {
            return null;
        }

        var words = cells.Select(c => c.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length).Order().ToList();
        if (words[words.Count / 2] > MaxCellWords || cells.Count(c => c.Text.Any(char.IsDigit)) * 3 < cells.Count)
        {
            return null;
        }

        var blocks = new List<PdfLayoutBlock>();
        var loose = new List<PdfLayoutLine>();
        foreach (var row in rows)
        {
            if (row.Count < MinCells)
            {
                loose.AddRange(row.OrderBy(l => l.Box.Left));
                continue;
            }

            if (loose.Count > 0)
            {
                blocks.Add(new PdfLayoutBlock([.. loose]));
                loose.Clear();
            }

            var ordered = row.OrderBy(l => l.Box.Left).ToList();
            var box = new UglyToad.PdfPig.Core.PdfRectangle(
                ordered.Min(l => l.Box.Left), ordered.Min(l => l.Box.Bottom), ordered.Max(l => l.Box.Right), ordered.Max(l => l.Box.Top));
            blocks.Add(new PdfLayoutBlock([new PdfLayoutLine(string.Join(" | ", ordered.Select(l => l.Text.Trim())), box)]));
        }

        if (loose.Count > 0)
        {
            blocks.Add(new PdfLayoutBlock([.. loose]));
        }

        return blocks;
    }

    private static double Centre(PdfLayoutLine line) => (line.Box.Top + line.Box.Bottom) / 2;

    private static bool Overlaps(PdfLayoutLine a, PdfLayoutLine b) => a.Box.Left < b.Box.Right && b.Box.Left < a.Box.Right;
}
