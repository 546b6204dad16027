using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>What a column holds, decided from its cells: numbers, ISO dates (<c>1998</c>, <c>1998-03</c>, <c>1998-03-01</c>) or text.</summary>
internal enum ColumnKind
{
    Text,
    Number,
    Date,
}

/// <summary>
/// One column of a <see cref="CsvTable"/>: its header, the label and unit read from it ("Revenue (USD thousands)" is
/// label "Revenue", unit "USD thousands"; a "%" suffix on the cells is unit "%"), its kind, and for numbers each cell's
/// value (NaN where the cell is empty or not a number), so aggregates read an array and never re-parse text.
/// </summary>
internal sealed partial class TableColumn
{
    /// <summary>A column is numeric (or a date column) when at least this share of its non-empty cells parse as such.</summary>
    private const double KindShare = 0.9;

    public TableColumn(int index, string name, IReadOnlyList<string> cells)
    {
        Index = index;
        Name = name;
        var unit = UnitPattern().Match(name);
        Label = unit.Success ? name[..unit.Index].Trim() : name;
        Unit = unit.Success ? unit.Groups["unit"].Value.Trim() : null;

        var filled = cells.Where(c => c.Length > 0).ToList();
        Values = new double[cells.Count];
        var numbers = 0;
        var decimals = 0;
        var percent = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            Values[i] = TryParseNumber(cells[i], out var value, out var places, out var isPercent) ? value : double.NaN;
            if (!double.IsNaN(Values[i]))
            {
                numbers++;
                decimals = Math.Max(decimals, places);
                percent += isPercent ? 1 : 0;
            }
        }

        var dates = filled.Count(c => IsoDatePattern().IsMatch(c));
        Kind = filled.Count == 0 ? ColumnKind.Text
            : dates >= KindShare * filled.Count && filled.Any(c => c.Contains('-')) ? ColumnKind.Date
            : numbers >= KindShare * filled.Count ? ColumnKind.Number
            : ColumnKind.Text;
        Decimals = decimals;
        if (Unit is null && Kind == ColumnKind.Number && percent > 0)
        {
            Unit = "%";
        }

        Distinct = filled.Count > 0 && filled.Distinct(StringComparer.OrdinalIgnoreCase).Count() == filled.Count;
        FilledCount = filled.Count;
        AverageLength = filled.Count == 0 ? 0 : filled.Average(c => c.Length);
        HasLowercase = filled.Count > 0 && filled.Count(c => c.Any(char.IsLower)) >= KindShare * filled.Count;
    }

    public int Index { get; }

    /// <summary>
    /// Numbers that name rather than measure ("Region Code", "ISO3166-1-numeric", "id", "Year"): never summed or
    /// averaged, never the target of "highest", though they can be a row's key.
    /// </summary>
    public bool IsIdentifier => TableText.Words(Label).Any(w => w is "code" or "id" or "identifier" or "key" or "numeric" or "year" or "phone" or "zip" or "postcode");

    /// <summary>A numeric column that can be computed over.</summary>
    public bool IsMeasure => Kind == ColumnKind.Number && !IsIdentifier;

    /// <summary>The header as written (whitespace collapsed).</summary>
    public string Name { get; }

    public string Label { get; }

    public string? Unit { get; }

    public ColumnKind Kind { get; }

    /// <summary>Each row's numeric value (NaN: empty or not a number). Read only when <see cref="Kind"/> is Number.</summary>
    public double[] Values { get; }

    /// <summary>The most decimal places a cell was written with: sums are shown with these, averages with two more.</summary>
    public int Decimals { get; }

    /// <summary>No two non-empty cells are equal: the column can name a row.</summary>
    public bool Distinct { get; }

    public int FilledCount { get; }

    public double AverageLength { get; }

    /// <summary>Most cells have lowercase letters: names ("Lumen Team") rather than codes ("LUM-TEAM").</summary>
    public bool HasLowercase { get; }

    /// <summary>
    /// A number as tables write it: invariant culture, optional sign, thousands separators ("14,990"), a leading
    /// currency symbol or a trailing percent sign. "NA", "4 weeks" or "2023-Q1" are not numbers.
    /// </summary>
    public static bool TryParseNumber(string cell, out double value, out int decimals, out bool percent)
    {
        value = double.NaN;
        decimals = 0;
        percent = false;
        var match = NumberPattern().Match(cell);
        if (!match.Success)
        {
            return false;
        }

        var digits = match.Groups["number"].Value.Replace(",", string.Empty, StringComparison.Ordinal);
        if (!double.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        var point = digits.IndexOf('.');
        decimals = point < 0 ? 0 : digits.Length - point - 1;
        percent = match.Groups["percent"].Success;
        return true;
    }

    [GeneratedRegex(@"\((?<unit>[^()]{1,40})\)\s*$")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"^\s*[$€£¥]?\s*(?<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*(?<percent>%)?\s*$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?$")]
    private static partial Regex IsoDatePattern();
}
