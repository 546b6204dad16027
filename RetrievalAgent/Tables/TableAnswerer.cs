using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// The first place a document question is offered: when it maps onto one table the caller may read
/// (<see cref="TableQueryPlanner"/>), it is answered from the cells, citing the rows used (their verbatim text in the
/// stored chunks, re-read and checked) and, for a computed figure, the working. Otherwise — no table, more than one
/// table fits equally, the question cannot be mapped with confidence, a cell is empty, a row moved — it returns null
/// and the extractive path answers. A question costs a few dictionary look-ups per table plus one pass over the rows
/// its filters leave; no CSV is read.
/// </summary>
internal sealed partial class TableAnswerer(TableCatalog catalog, IChunkStore store, IOptions<TableOptions> options, ILogger<TableAnswerer> logger)
{
    public async Task<AgentAnswer?> TryAnswerAsync(string question, ChunkFilter filter, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || catalog.Count == 0 || Plan(question, catalog.VisibleTo(filter)) is not { } query)
        {
            return null;
        }

        if (TableResult.Run(query, options.Value) is not { } result)
        {
            return null;
        }

        var answer = await ComposeAsync(query.Table, result, cancellationToken);
        TableMetrics.Answers.Add(1, new KeyValuePair<string, object?>("operation", query.Operation.ToString().ToLowerInvariant()));
        return answer;
    }

    /// <summary>The one query the question maps to over <paramref name="tables"/>; null when none, or two tables fit equally.</summary>
    internal static TableQuery? Plan(string question, IReadOnlyList<CsvTable> tables)
    {
        if (tables.Count == 0)
        {
            return null;
        }

        var words = TableText.Question(question);
        var cues = new QuestionCues(words);
        var plans = tables.Select(t => TableQueryPlanner.Map(t, words, cues)).OfType<TableQueryPlanner.Plan>()
            .OrderByDescending(p => p.Explained).ToList();
        return plans.Count == 0 || (plans.Count > 1 && plans[1].Explained == plans[0].Explained) ? null : plans[0].Query;
    }

    private async Task<AgentAnswer?> ComposeAsync(CsvTable table, TableResult result, CancellationToken cancellationToken)
    {
        var locations = result.CitedRows.Select(table.Location).ToList();
        var chunks = await store.GetChunksByIdAsync(locations.Select(l => StoredChunk.IdFor(table.Document.Id, l.Ordinal)).Distinct().ToList(), cancellationToken);

        var citations = new List<Citation>();
        var contexts = new List<AnswerContext>();
        if (result.Working is { } working)
        {
            citations.Add(new Citation(1, table.Document.Id, table.Document.Name, null, null, $"{table.Document.Id}:table", working, 1.0));
            contexts.Add(new AnswerContext(1, $"{table.Document.Name}, computed from the table", working));
        }

        foreach (var (row, location) in result.CitedRows.Zip(locations))
        {
            var text = table.RowText(row);
            var id = StoredChunk.IdFor(table.Document.Id, location.Ordinal);
            if (!chunks.TryGetValue(id, out var chunk) || location.Offset + text.Length > chunk.Text.Length
                || !chunk.Text.AsSpan(location.Offset, text.Length).SequenceEqual(text))
            {
                // The document was re-ingested or removed since the table was loaded: answer from the chunks instead.
                LogStale(table.Document.Id, location.Row);
                return null;
            }

            var number = citations.Count + 1;
            citations.Add(new Citation(number, table.Document.Id, table.Document.Name, null, location.Row, id, text, 1.0,
                location.Offset, location.Offset + text.Length));
            contexts.Add(new AnswerContext(number, $"{table.Document.Name}, row {location.Row}", chunk.Text));
        }

        var markers = string.Concat(citations.Select(c => $"[{c.Number}]"));
        return new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, $"{result.Sentence.TrimEnd('.')}. {markers}", citations, contexts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Table of document {DocumentId}: row {Row} no longer matches its stored chunk; not answering from the table")]
    private partial void LogStale(string documentId, int row);
}
