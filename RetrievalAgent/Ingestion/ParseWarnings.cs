namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Non-fatal problems found while a document is read (ragged rows, pages without text). Filled as the sections are
/// enumerated; beyond <see cref="MaxWarnings"/> they are only counted, so one broken file cannot bloat the catalog record.
/// </summary>
internal sealed class ParseWarnings
{
    public const int MaxWarnings = 20;

    private readonly List<string> _warnings = [];
    private int _total;

    public int Total => _total;

    public void Add(string warning)
    {
        if (++_total <= MaxWarnings)
        {
            _warnings.Add(warning);
        }
    }

    public IReadOnlyList<string> ToList() => _total <= MaxWarnings
        ? [.. _warnings]
        : [.. _warnings, $"{_total - MaxWarnings} more warnings not shown"];
}
