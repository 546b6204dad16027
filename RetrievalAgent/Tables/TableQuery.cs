namespace Switchboard.RetrievalAgent.Tables;

/// <summary>What a table question asks for.</summary>
internal enum TableOperation
{
    /// <summary>One cell: the row the question names, the column it names.</summary>
    Lookup,
    Sum,
    Average,
    Count,

    /// <summary>The highest value and the row that holds it ("which … had the highest …").</summary>
    Max,
    Min,

    /// <summary>The first <see cref="TableQuery.Top"/> rows by the column, highest (or lowest) first.</summary>
    TopHighest,
    TopLowest,
}

/// <summary>A condition on the rows, as the question named it: a cell value, or a period inside date/text cells.</summary>
internal sealed record TableFilter(TableColumn Column, string Value, bool IsPeriod);

/// <summary>
/// A question mapped onto one table: the operation, the target column (none for a count), the rows the filters leave
/// (row indexes, in file order), the filters that chose them and the column that names a row in the answer.
/// </summary>
internal sealed record TableQuery(
    CsvTable Table,
    TableOperation Operation,
    TableColumn? Target,
    IReadOnlyList<int> Rows,
    IReadOnlyList<TableFilter> Filters,
    TableColumn Label,
    int Top = 0);
