using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>Where a table row is quoted from: its 1-based CSV row, the chunk (ordinal) holding its text and the offset there.</summary>
internal readonly record struct RowLocation(int Row, int Ordinal, int Offset);

/// <summary>
/// What is persisted of a CSV document's table (Redis, <see cref="TableStore"/>): the document (for access and
/// filters), the header, the cleaned cells and where each row's text sits in the stored chunks. Everything else is
/// derived when it is loaded (<see cref="CsvTable"/>).
/// </summary>
internal sealed record TableSnapshot(StoredDocument Document, string[] Columns, string[][] Cells, RowLocation[] Locations);

/// <summary>
/// A CSV document kept as a table: typed columns with labels and units, the file's subject (its name's words), the
/// cells by row, and a value index from a cell's words to the rows that hold it (the row keys questions name). Built once
/// when the table is loaded; a question only looks things up in it.
/// </summary>
internal sealed class CsvTable
{
    /// <summary>Cells longer than this are prose (descriptions, addresses), not names a question would use as a key.</summary>
    private const int MaxKeyWords = 8;

    private const int MaxKeyChars = 80;

    public CsvTable(TableSnapshot snapshot)
    {
        Snapshot = snapshot;
        Columns = snapshot.Columns
            .Select((name, c) => new TableColumn(c, name, snapshot.Cells.Select(row => c < row.Length ? row[c] : string.Empty).ToList()))
            .ToArray();
        SubjectStems = [.. TableText.Stems(Path.GetFileNameWithoutExtension(snapshot.Document.Name)).Distinct(StringComparer.Ordinal)];
        LabelColumn = ChooseLabelColumn(Columns);
        ColumnStems = Columns.Select(c => TableText.Stems(c.Label).Where(s => !TableText.IsGrammarStem(s)).Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        (Values, Years) = IndexValues(snapshot.Cells, Columns);
    }

    public TableSnapshot Snapshot { get; }

    public StoredDocument Document => Snapshot.Document;

    public TableColumn[] Columns { get; }

    /// <summary>The column that names a row in answers ("Product", "Country"): distinct names before codes.</summary>
    public TableColumn LabelColumn { get; }

    // Arrays, distinct: the planner loops over these for every question and every table (no enumerator to allocate).

    /// <summary>The stems of the file name's words: every row is about this subject.</summary>
    public string[] SubjectStems { get; }

    /// <summary>Per column, the stems of its label's content words.</summary>
    public string[][] ColumnStems { get; }

    /// <summary>A key cell's words (lowercase, joined by one space) → the (column, row index) cells that hold exactly it.</summary>
    public IReadOnlyDictionary<string, List<(int Column, int Row)>> Values { get; }

    /// <summary>A year (or "yyyy-mm") written inside a date or text cell ("1998-03-01", "2023-Q1") → those cells.</summary>
    public IReadOnlyDictionary<string, List<(int Column, int Row)>> Years { get; }

    public int RowCount => Snapshot.Cells.Length;

    public string Cell(int row, int column) => column < Snapshot.Cells[row].Length ? Snapshot.Cells[row][column] : string.Empty;

    public RowLocation Location(int row) => Snapshot.Locations[row];

    /// <summary>The row's indexed text, as <c>CsvParser</c> wrote it into the chunk.</summary>
    public string RowText(int row) => Ingestion.CsvParser.RowText(Snapshot.Columns, Snapshot.Cells[row]);

    private static TableColumn ChooseLabelColumn(TableColumn[] columns)
    {
        var names = columns.Where(c => c.Kind == ColumnKind.Text && c.Distinct && c.AverageLength <= 60).ToList();
        return names.FirstOrDefault(c => TableText.Stems(c.Label).Contains("name") && c.HasLowercase && IsEnglishOrUnmarked(c.Label))
            ?? names.FirstOrDefault(c => c.HasLowercase)
            ?? names.FirstOrDefault()
            ?? columns[0];
    }

    // "name_en", "UNTERM English Short" or plain "name" rather than "name_fr"/"official_name_ar".
    private static bool IsEnglishOrUnmarked(string label)
    {
        var words = TableText.Words(label).ToList();
        string[] other = ["fr", "es", "ar", "cn", "ru", "zh", "de", "pt", "french", "spanish", "arabic", "chinese", "russian"];
        return !words.Any(other.Contains);
    }

    private static (Dictionary<string, List<(int, int)>> Values, Dictionary<string, List<(int, int)>> Years) IndexValues(
        string[][] cells, TableColumn[] columns)
    {
        var values = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        var years = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            // A whole-number column may be a key (a year, an id, a category code: see TableQueryPlanner.IsKeyFor);
            // a measure with decimals ("Rate: 7.4") never is.
            var keyNumbers = column.Kind == ColumnKind.Number && column.Decimals == 0;
            for (var r = 0; r < cells.Length; r++)
            {
                var cell = column.Index < cells[r].Length ? cells[r][column.Index] : string.Empty;
                if (cell.Length == 0 || cell.Length > MaxKeyChars)
                {
                    continue;
                }

                if (column.Kind != ColumnKind.Number || keyNumbers)
                {
                    var words = TableText.Words(cell).ToList();
                    if (words.Count is > 0 and <= MaxKeyWords && !(words.Count == 1 && words[0].Length < 2))
                    {
                        Add(values, string.Join(' ', words), column.Index, r);
                    }
                }

                if (column.Kind is ColumnKind.Date or ColumnKind.Text)
                {
                    foreach (var period in TableText.Periods(cell))
                    {
                        Add(years, period, column.Index, r);
                    }
                }
            }
        }

        return (values, years);
    }

    private static void Add(Dictionary<string, List<(int, int)>> index, string key, int column, int row)
    {
        if (!index.TryGetValue(key, out var cells))
        {
            index[key] = cells = [];
        }

        cells.Add((column, row));
    }
}
