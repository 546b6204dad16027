using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Switchboard.Benchmarks;

// dotnet run -c Release --project Tests/Benchmarks -- --filter '*'      BenchmarkDotNet (ingestion, search)
// dotnet run -c Release --project Tests/Benchmarks -- latency           p50/p95 per request and memory at 10k/100k
if (args is ["latency", ..])
{
    await LatencyReport.RunAsync(args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [10_000, 100_000]);
    return;
}

// Short runs: one launch, 2 warm-ups, 5 measured iterations, so that the whole suite takes minutes on 2 cores.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithId("short"))
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(Corpus).Assembly).Run(args, config);
