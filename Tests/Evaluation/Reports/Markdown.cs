using System.Globalization;
using System.Text;

namespace Switchboard.Evaluation.Reports;

/// <summary>Small helpers for the Markdown reports: tables, rates, numbers, cell escaping.</summary>
public static class Markdown
{
    public static void Table(StringBuilder text, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        text.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        text.Append('|').AppendJoin("", header.Select(_ => "---|")).AppendLine();
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
        }

        text.AppendLine();
    }

    public static string Rate(double? rate) => rate is { } value ? Metrics.ExitCriteria.Percent(value, 1) : "n/a";

    public static string Number(double? value, string format = "0.000") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "n/a";

    public static string Verdict(bool? passed) => passed switch { true => "PASS", false => "FAIL", null => "n/a" };

    /// <summary>Signed difference in percentage points, e.g. "+4.3 pp".</summary>
    public static string DeltaPoints(double? left, double? right) =>
        left is { } l && right is { } r ? ((l - r) * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pp" : "n/a";

    public static string Delta(double? left, double? right, string format) =>
        left is { } l && right is { } r ? (l - r).ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static string Truncate(string? text, int length) =>
        text is null ? "" : text.Length <= length ? text : text[..length] + "…";

    private static string Cell(string value) => value.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
