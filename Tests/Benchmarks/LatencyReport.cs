using System.Diagnostics;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.Benchmarks;

/// <summary>
/// Per-request latency percentiles and memory, which BenchmarkDotNet's per-iteration statistics do not give:
/// for each corpus size it builds the store, runs 200 distinct queries per mode after 20 warm-up queries, and prints
/// p50/p95/max, the process working set, the managed heap and the database size.
/// </summary>
internal static class LatencyReport
{
    public static async Task RunAsync(int[] sizes)
    {
        foreach (var size in sizes)
        {
            var directory = Directory.CreateTempSubdirectory("sb-bench-latency-").FullName;
            try
            {
                var file = Corpus.Store(directory);
                var fill = Stopwatch.StartNew();
                await Corpus.FillAsync(file, size);
                Console.WriteLine($"## {size:N0} chunks (built in {fill.Elapsed.TotalSeconds:F1} s, database {new FileInfo(Path.Combine(directory, "bench.db")).Length / 1048576.0:F0} MiB)");
                var load = Stopwatch.StartNew();
                var store = await Corpus.IndexedAsync(file);
                Console.WriteLine($"in-memory index loaded and analysed in {load.Elapsed.TotalSeconds:F1} s");
                foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Hybrid })
                {
                    var searcher = Corpus.Searcher(store, mode);
                    var random = new Random(5);
                    var queries = Enumerable.Range(0, 220).Select(_ => Corpus.Query(random)).ToArray();
                    var latencies = new List<double>();
                    for (var i = 0; i < queries.Length; i++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await searcher.SearchAsync(queries[i], 5, ChunkFilter.Anonymous, CancellationToken.None);
                        if (i >= 20)
                        {
                            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                    }

                    latencies.Sort();
                    Console.WriteLine($"{mode,-8} p50 {Percentile(latencies, 0.50),8:F2} ms   p95 {Percentile(latencies, 0.95),8:F2} ms   max {latencies[^1],8:F2} ms");
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                using var process = Process.GetCurrentProcess();
                Console.WriteLine($"memory after the searches: working set {process.WorkingSet64 / 1048576.0:F0} MiB, " +
                    $"peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB");
                Console.WriteLine();
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
