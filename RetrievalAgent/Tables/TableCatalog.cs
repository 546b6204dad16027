using System.Collections.Concurrent;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Indexed;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// The tables this replica answers from, in memory: one per CSV document, replaced whole when a new version is
/// ingested (a question sees the old table or the new one). Filters and access are the chunk index's own rule
/// (<see cref="IndexedDocument.IsVisibleTo"/>), so a table is offered only to callers who may read its document.
/// </summary>
internal sealed class TableCatalog
{
    private readonly ConcurrentDictionary<string, Entry> _tables = new(StringComparer.Ordinal);

    public int Count => _tables.Count;

    public void Put(CsvTable table, string stamp) =>
        _tables[table.Document.Id] = new Entry(table, new IndexedDocument(table.Document, 0), stamp);

    public bool Remove(string documentId) => _tables.TryRemove(documentId, out _);

    public string? StampOf(string documentId) => _tables.TryGetValue(documentId, out var entry) ? entry.Stamp : null;

    public IReadOnlyCollection<string> DocumentIds => _tables.Keys.ToList();

    public CsvTable? Get(string documentId) => _tables.TryGetValue(documentId, out var entry) ? entry.Table : null;

    public List<CsvTable> VisibleTo(ChunkFilter filter) =>
        filter.MatchesNothing ? [] : _tables.Values.Where(e => e.Access.IsVisibleTo(filter)).Select(e => e.Table).ToList();

    private sealed record Entry(CsvTable Table, IndexedDocument Access, string Stamp);
}
