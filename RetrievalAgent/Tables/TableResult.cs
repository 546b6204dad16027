using System.Globalization;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// A query's result in words: the answer sentence, the rows to cite, and — for anything computed — the working (every
/// row used with its value), which is cited as the answer's first source so the figure can be checked.
/// </summary>
internal sealed record TableResult(string Sentence, IReadOnlyList<int> CitedRows, string? Working)
{
    /// <summary>Runs <paramref name="query"/>; null when the table holds no value to give (an empty cell, no numbers).</summary>
    public static TableResult? Run(TableQuery query, TableOptions options)
    {
        var table = query.Table;
        var target = query.Target;
        return query.Operation switch
        {
            TableOperation.Lookup => Lookup(query),
            TableOperation.Count => Computed(query, $"Number of rows{Where(query)} in {table.Document.Name}: {query.Rows.Count}", query.Rows, options),
            _ when target is null => null,
            TableOperation.Sum or TableOperation.Average => Aggregate(query, target, options),
            TableOperation.Max or TableOperation.Min => Extreme(query, target, options),
            _ => Top(query, target, options),
        };
    }

    private static TableResult? Lookup(TableQuery query)
    {
        var row = query.Rows[0];
        var value = query.Table.Cell(row, query.Target!.Index);
        if (value.Length == 0)
        {
            return null;
        }

        // The row as it names itself ("Product: Lumen Team"), then the cell asked for: the row's own words and order.
        var shown = query.Filters.Select(f => f.Column).Append(query.Target).DistinctBy(c => c.Index).OrderBy(c => c.Index)
            .Where(c => query.Table.Cell(row, c.Index).Length > 0)
            .Select(c => $"{c.Name}: {query.Table.Cell(row, c.Index)}");
        return new TableResult(string.Join("; ", shown), [row], Working: null);
    }

    private static TableResult? Aggregate(TableQuery query, TableColumn target, TableOptions options)
    {
        var used = query.Rows.Where(r => !double.IsNaN(target.Values[r])).ToList();
        if (used.Count == 0)
        {
            return null;
        }

        var sum = used.Sum(r => target.Values[r]);
        var (name, value) = query.Operation == TableOperation.Sum
            ? ("Total", Format(sum, target.Decimals))
            : ("Average", Format(sum / used.Count, Math.Min(target.Decimals + 2, 6)));
        return Computed(query, $"{name} {target.Name}{Where(query)} over {used.Count} {Rows(used.Count)}: {value}", used, options);
    }

    private static TableResult? Extreme(TableQuery query, TableColumn target, TableOptions options)
    {
        var used = query.Rows.Where(r => !double.IsNaN(target.Values[r])).ToList();
        if (used.Count == 0)
        {
            return null;
        }

        var highest = query.Operation == TableOperation.Max;
        var best = highest ? used.Max(r => target.Values[r]) : used.Min(r => target.Values[r]);
        var winners = used.Where(r => target.Values[r] == best).ToList();
        var names = string.Join(", ", winners.Take(options.MaxCitedRows).Select(r => Label(query, r)));
        var sentence = $"{(highest ? "Highest" : "Lowest")} {target.Name}{Where(query)} among {used.Count} {Rows(used.Count)}: "
            + $"{query.Table.Cell(winners[0], target.Index)} ({names})";
        return Computed(query, sentence, used, options) with { CitedRows = winners.Take(options.MaxCitedRows).ToList() };
    }

    private static TableResult? Top(TableQuery query, TableColumn target, TableOptions options)
    {
        var used = query.Rows.Where(r => !double.IsNaN(target.Values[r])).ToList();
        if (used.Count == 0)
        {
            return null;
        }

        var highest = query.Operation == TableOperation.TopHighest;
        var ranked = (highest ? used.OrderByDescending(r => target.Values[r]) : used.OrderBy(r => target.Values[r])).Take(query.Top).ToList();
        var list = string.Join(", ", ranked.Select(r => $"{Label(query, r)} ({query.Table.Cell(r, target.Index)})"));
        var sentence = $"{(highest ? "Highest" : "Lowest")} {ranked.Count} by {target.Name}{Where(query)} among {used.Count} {Rows(used.Count)}: {list}";
        return Computed(query, sentence, used, options) with { CitedRows = ranked };
    }

    /// <summary>The sentence, the first rows to cite, and the working: the sentence again, what was computed, each row's value.</summary>
    private static TableResult Computed(TableQuery query, string sentence, IReadOnlyList<int> used, TableOptions options)
    {
        var table = query.Table;
        var lines = new List<string>
        {
            sentence,
            $"Computed from {table.Document.Name}, {table.RowCount} data rows; used {used.Count} {Rows(used.Count)}{Where(query)}:",
        };
        foreach (var row in used.Take(options.MaxWorkingRows))
        {
            var value = query.Target is { } target ? $"; {target.Name}: {table.Cell(row, target.Index)}" : string.Empty;
            lines.Add($"row {table.Location(row).Row}: {Label(query, row)}{value}");
        }

        if (used.Count > options.MaxWorkingRows)
        {
            lines.Add($"… and {used.Count - options.MaxWorkingRows} more rows (rows {table.Location(used[options.MaxWorkingRows]).Row} to {table.Location(used[^1]).Row}).");
        }

        return new TableResult(sentence, used.Take(options.MaxCitedRows).ToList(), string.Join('\n', lines));
    }

    private static string Label(TableQuery query, int row) =>
        query.Table.Cell(row, query.Label.Index) is { Length: > 0 } label ? label : $"row {query.Table.Location(row).Row}";

    private static string Where(TableQuery query) =>
        query.Filters.Count == 0 ? string.Empty
        : " where " + string.Join(" and ", query.Filters.Select(f => f.IsPeriod ? $"{f.Column.Name} is in {f.Value}" : $"{f.Column.Name} is {f.Value}"));

    private static string Rows(int count) => count == 1 ? "row" : "rows";

    private static string Format(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
}
