using BenchmarkDotNet.Attributes;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.Benchmarks;

/// <summary>
/// Ingestion throughput without Redis: parse → chunk → embed → one-transaction upsert into a SQLite file, exactly the
/// work the ingest handler does per document. OperationsPerInvoke makes the reported Mean a time per page / per row.
/// </summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    public const int PdfPages = 50;
    public const int CsvRows = 5000;

    private readonly string _directory = Directory.CreateTempSubdirectory("sb-bench-ingest-").FullName;
    private byte[] _pdf = [];
    private byte[] _csv = [];
    private SqliteChunkStore _store = null!;
    private TextChunker _chunker = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pdf = Corpus.Pdf(PdfPages);
        _csv = Corpus.Csv(CsvRows);
        _store = Corpus.Store(_directory);
        _chunker = Corpus.Chunker();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = PdfPages, Description = "PDF ingestion, per page")]
    public Task PdfPerPage() => IngestAsync("report", "report.pdf", new PdfParser(), _pdf);

    [Benchmark(OperationsPerInvoke = CsvRows, Description = "CSV ingestion, per row")]
    public Task CsvPerRow() => IngestAsync("table", "table.csv", new CsvParser(), _csv);

    private async Task IngestAsync(string id, string name, IDocumentParser parser, byte[] content)
    {
        var chunks = _chunker.Chunk(parser.Parse(content));
        await _store.UpsertDocumentAsync(
            new StoredDocument(id, name, "application/octet-stream", DateTimeOffset.UtcNow),
            chunks.Select((c, i) => new StoredChunk(StoredChunk.IdFor(id, i), id, name, i, c.Page, c.Row, c.Text)).ToList());
    }
}
