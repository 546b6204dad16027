using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// The ingestion hook: a CSV document, once its chunks are stored, is also kept as a table (built from the same
/// records the row text was made of, so a table row and its indexed text never disagree), saved for the other
/// replicas and put in this replica's catalog. A new version in another format, or a removed document, drops it.
/// </summary>
internal sealed class TableIngestion(CsvParser csv, TableStore store, TableCatalog catalog, ILogger<TableIngestion> logger)
{
    public async Task DocumentStoredAsync(StoredDocument document, string format, byte[] content, IReadOnlyList<StoredChunk> chunks)
    {
        if (format != DocumentFormats.Csv || Build(csv, document, content, chunks, logger) is not { } snapshot)
        {
            await RemoveAsync(document.Id);
            return;
        }

        var stamp = await store.SaveAsync(snapshot);
        catalog.Put(new CsvTable(snapshot), stamp);
    }

    public async Task RemoveAsync(string documentId)
    {
        await store.RemoveAsync(documentId);
        catalog.Remove(documentId);
    }

    /// <summary>The table, with where each row's text sits in the chunks; null when they do not line up (then no table).</summary>
    internal static TableSnapshot? Build(CsvParser csv, StoredDocument document, byte[] content, IReadOnlyList<StoredChunk> chunks, ILogger logger)
    {
        // Line i of a row chunk is row (chunk.Row + i): TextChunker packs consecutive rows joined by '\n'.
        var lines = new Dictionary<int, (int Ordinal, int Offset, string Text)>();
        foreach (var chunk in chunks.Where(c => c.Row is not null))
        {
            var offset = 0;
            var row = chunk.Row!.Value;
            foreach (var line in chunk.Text.Split('\n'))
            {
                lines[row++] = (chunk.Ordinal, offset, line);
                offset += line.Length + 1;
            }
        }

        string[]? columns = null;
        var cells = new List<string[]>();
        var locations = new List<RowLocation>();
        foreach (var record in csv.ReadRecords(content, new ParseWarnings()))
        {
            columns ??= record.Names;
            if (!lines.TryGetValue(record.Row, out var line) || line.Text != CsvParser.RowText(record.Names, record.Fields))
            {
                logger.LogWarning("Document {DocumentId}: row {Row} is not where its chunk says; not kept as a table", document.Id, record.Row);
                return null;
            }

            cells.Add(record.Fields);
            locations.Add(new RowLocation(record.Row, line.Ordinal, line.Offset));
        }

        return columns is null ? null : new TableSnapshot(document, columns, cells.ToArray(), locations.ToArray());
    }
}
