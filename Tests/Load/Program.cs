using System.Reflection;
using Switchboard.Load.Cli;
using Switchboard.Load.Corpus;
using Switchboard.Load.Scenarios;

namespace Switchboard.Load;

public static class Program
{
    private const string Usage = """
        Switchboard load tool (Tests/Load).

          dotnet run --project Tests/Load -c Release -- <scenario> [options]

        Scenarios:
          one-user   (a)  one user, no think time (default 60 s), plus the Lucene.Net peer comparison
          users      (b)  100 users with 1 s think time for 5 minutes (--users, --think, --duration)
          saturation (c)  closed loop, no think time, users 1, 2, 4, ... --max-users (64), --step 20s each: max answered req/s
          overload   (d)  open loop: --before 20s at half the base rate, --duration 60s at --factor 4 x base rate,
                          --recovery 60s at half again; base rate from --rate, the last saturation JSON, or a probe
          soak       (e)  50 users, 1 s think, 10 minutes; RSS of every service over time, flat within --tolerance 10 %
                          after --warmup 2m?
          generators      the same closed-loop load with the in-process generator and with wrk: CPU each costs
          peer            only the peer comparison: Lucene.Net BM25 in process vs the service's /v1/search and /v1/ask
          ingest          only upload the corpus and wait until every document is ready
          generate        write a synthetic corpus: --chunks 100000 --out <folder> [--seed 42] [--words 80] [--per-file 1000]

        Options (load scenarios):
          --gateway URL        the Gateway (default http://127.0.0.1:5100; loopback only)
          --start              start the stack with ./run.sh --detach (answer cache off) and stop it afterwards
          --keep-running       with --start: leave the stack running; --no-build: pass --no-build to run.sh
          --stack-root DIR     the checkout whose run.sh --start uses (default: this repository)
          --generator G        inproc (default: every figure) or wrk (Debian wrk + Lua; one latency distribution)
          --duration T --users N --think T   (T: 500ms, 60s, 5m, 1h)
          --questions FILE     question file(s), JSON lines with "question" (default samples/eval/questions.jsonl)
          --no-broad           leave out the broad questions
          --corpus DIR         corpus folder(s) to upload (default samples/ and ../shared/devdata/); --no-ingest, --no-devdata
          --deadline T         the request deadline checked in overload (default 30s); --timeout T client timeout (deadline + 15s)
          --rate R --factor F --before T --recovery T --max-in-flight N    (overload)
          --step T --max-users N                                           (saturation)
          --warmup T --tolerance P                                         (soak)
          --interval T         time-series bucket (default 5s; 30s for soak); --sample T  /proc sampling period (1s; 5s for soak)
          --peer / --no-peer   add the Lucene.Net comparison (default on for one-user and peer); --peer-rounds N, --search-rounds N
          --out DIR            where RESULTS.md and results/*.json go (default Tests/Load)
          --label TEXT         a title for the RESULTS.md section
          --max-requests N     request budget of a closed-loop phase; --wrk-threads N
          --ignore-retry-after closed-loop users ask again at once after a 503/429 (default: they wait its Retry-After)

        Bad input (unknown scenario or option, unreachable Gateway, missing corpus folder) prints one sentence and exits 2.
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var scenario = Scenarios.Scenarios.Parse(args[0]);
            var root = RepositoryRoot();
            var rest = args.Skip(1).ToList();
            if (scenario == Scenario.Generate)
            {
                return Generate(rest);
            }

            var options = LoadOptions.Parse(scenario, rest, root);
            var command = "dotnet run --project Tests/Load -c Release -- " + string.Join(' ', args.Select(Quote));
            return await new LoadRunner(options, Console.Out, command).RunAsync(cancel.Token);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted; no report was written.");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"The load tool failed: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static int Generate(IReadOnlyList<string> args)
    {
        var a = Arguments.Parse(args, ["chunks", "out", "seed", "words", "per-file"], []);
        var chunks = a.Int("chunks", 100_000, 1, 10_000_000);
        var folder = Path.GetFullPath(a.Optional("out") ?? throw new UsageException("generate needs --out <folder>."));
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new UsageException($"The output folder '{folder}' is not empty; give a new or empty one.");
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var manifest = SyntheticCorpus.Generate(folder, chunks, a.Int("seed", 42, 0, int.MaxValue), a.Int("words", 80, 5, 2000), a.Int("per-file", 1000, 1, 1_000_000), Console.Out);
        Console.Out.WriteLine($"Wrote {manifest.Chunks:N0} chunks ({manifest.Bytes / 1024.0 / 1024.0:N1} MB) in {manifest.Files:N0} files to {folder} in {started.Elapsed.TotalSeconds:0.0} s (seed {manifest.Seed}; manifest.json, queries.txt).");
        return 0;
    }

    /// <summary>The repository root baked in at build time, or found from the current directory upwards.</summary>
    private static string RepositoryRoot()
    {
        var baked = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (baked is not null && File.Exists(Path.Combine(baked, "Aspire.sln")))
        {
            return baked;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new UsageException("Cannot find the repository root (a folder with Aspire.sln); run the tool from inside the repository.");
    }

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=@,".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
