using BenchmarkDotNet.Attributes;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.Benchmarks;

/// <summary>
/// Search latency over a synthetic corpus of 10k and 100k chunks (1024-dimension hashing vectors), per mode, on the
/// store the RetrievalAgent runs on (the SQLite file served from the in-memory index).
/// Each invocation runs one query from a fixed rotation of 64, so caching one query's plan or pages does not flatter it.
/// </summary>
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sb-bench-search-").FullName;
    private IChunkStore _store = null!;
    private ChunkSearcher _hybrid = null!;
    private ChunkSearcher _keyword = null!;
    private string[] _queries = [];
    private int _next;

    [Params(10_000, 100_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // Filled through the file, then served as the RetrievalAgent serves it: from the in-memory index.
        var file = Corpus.Store(_directory);
        await Corpus.FillAsync(file, Chunks);
        _store = await Corpus.IndexedAsync(file);
        _hybrid = Corpus.Searcher(_store, SearchMode.Hybrid);
        _keyword = Corpus.Searcher(_store, SearchMode.Keyword);
        var random = new Random(11);
        _queries = Enumerable.Range(0, 64).Select(_ => Corpus.Query(random)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "keyword (BM25 baseline)")]
    public async Task<int> Keyword() => (await _keyword.SearchAsync(NextQuery(), 5, ChunkFilter.Anonymous, CancellationToken.None)).Count;

    [Benchmark(Description = "hybrid (BM25 + vectors, RRF)")]
    public async Task<int> Hybrid() => (await _hybrid.SearchAsync(NextQuery(), 5, ChunkFilter.Anonymous, CancellationToken.None)).Count;

    private string NextQuery() => _queries[_next++ % _queries.Length];
}
