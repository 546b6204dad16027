using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tables;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Tables;

/// <summary>
/// CSV files ingested as the service does (parse, chunk, store in the indexed SQLite store) and kept as tables, and the
/// /answer order: the table answerer first, the extractive answerer when it declines. No Redis: the catalog is filled
/// directly from what ingestion builds.
/// </summary>
internal sealed class TableCorpus : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TableCatalog _catalog = new();
    private IChunkStore _store = null!;
    private TableAnswerer _tables = null!;
    private ExtractiveAnswerer _extractive = null!;

    public static async Task<TableCorpus> CreateAsync()
    {
        var corpus = new TableCorpus();
        corpus._store = await StoreFactory.CreateIndexedAsync(corpus._directory);
        corpus._tables = new TableAnswerer(corpus._catalog, corpus._store, Options.Create(new TableOptions()), NullLogger<TableAnswerer>.Instance);
        corpus._extractive = StoreFactory.Answerer(corpus._store);
        return corpus;
    }

    public TableCatalog Catalog => _catalog;

    public IChunkStore Store => _store;

    public async Task AddAsync(string name, byte[] content, string? id = null, StoredDocument? document = null)
    {
        id ??= Path.GetFileNameWithoutExtension(name);
        document ??= new StoredDocument(id, name, "text/csv", DateTimeOffset.UtcNow);
        var csv = new CsvParser();
        var chunks = SharedTokenizer.Chunker().Chunk(csv.Parse(content))
            .Select((c, i) => new StoredChunk(StoredChunk.IdFor(id, i), id, name, i, c.Page, c.Row, c.Text)).ToList();
        await _store.UpsertDocumentAsync(document, chunks);
        var snapshot = TableIngestion.Build(csv, document, content, chunks, NullLogger.Instance);
        Assert.NotNull(snapshot);
        _catalog.Put(new CsvTable(snapshot), Guid.NewGuid().ToString("N"));
    }

    public Task AddAsync(string name, string content) => AddAsync(name, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>The table's answer, or null when the table answerer declines.</summary>
    public Task<AgentAnswer?> TableAnswerAsync(string question, ChunkFilter? filter = null) =>
        _tables.TryAnswerAsync(question, filter ?? ChunkFilter.Anonymous, CancellationToken.None);

    /// <summary>What /answer returns: the table's answer, else the extractive one.</summary>
    public async Task<(AgentAnswer Answer, bool FromTable)> AnswerAsync(string question)
    {
        if (await TableAnswerAsync(question) is { } table)
        {
            return (table, true);
        }

        return ((await _extractive.AnswerAsync(question, 5, ChunkFilter.Anonymous, CancellationToken.None)).Answer, false);
    }

    public async ValueTask DisposeAsync()
    {
        await ValueTask.CompletedTask;
        _directory.Dispose();
    }
}
