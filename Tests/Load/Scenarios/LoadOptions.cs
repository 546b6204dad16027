using Switchboard.Load.Cli;
using Switchboard.Load.Generators;

namespace Switchboard.Load.Scenarios;

/// <summary>Every option of a load scenario, parsed and checked, with the scenario's defaults filled in.</summary>
public sealed record LoadOptions
{
    public static readonly string[] ValueOptions =
    [
        "gateway", "duration", "users", "think", "generator", "questions", "corpus", "deadline", "rate", "factor", "before", "recovery",
        "step", "max-users", "interval", "sample", "out", "label", "max-requests", "max-in-flight", "timeout", "warmup", "tolerance",
        "peer-rounds", "search-rounds", "ingest-timeout", "wrk-threads", "stack-root",
    ];

    public static readonly string[] FlagOptions = ["start", "keep-running", "no-build", "no-ingest", "no-broad", "peer", "no-peer", "no-devdata", "ignore-retry-after"];

    public required Scenario Scenario { get; init; }

    public required Uri Gateway { get; init; }

    public required string Root { get; init; }

    public required string StackRoot { get; init; }

    public bool Start { get; init; }

    public bool KeepRunning { get; init; }

    public bool Build { get; init; } = true;

    public TimeSpan Duration { get; init; }

    public int Users { get; init; }

    public TimeSpan Think { get; init; }

    public required string Generator { get; init; }

    public required IReadOnlyList<string> QuestionFiles { get; init; }

    public bool Broad { get; init; } = true;

    /// <summary>Corpus folders given with --corpus (empty: the defaults, samples/ and ../shared/devdata/).</summary>
    public required IReadOnlyList<string> CorpusFolders { get; init; }

    public bool DefaultCorpus { get; init; }

    public bool Ingest { get; init; } = true;

    public TimeSpan IngestTimeout { get; init; }

    public TimeSpan Deadline { get; init; }

    public TimeSpan RequestTimeout { get; init; }

    public double? Rate { get; init; }

    public double Factor { get; init; }

    public TimeSpan Before { get; init; }

    public TimeSpan Recovery { get; init; }

    public TimeSpan Step { get; init; }

    public int MaxUsers { get; init; }

    public TimeSpan Interval { get; init; }

    public TimeSpan Sample { get; init; }

    public TimeSpan Warmup { get; init; }

    public double Tolerance { get; init; }

    public required string OutputFolder { get; init; }

    public string? Label { get; init; }

    public long MaxRequests { get; init; }

    public int MaxInFlight { get; init; }

    public bool Peer { get; init; }

    public int PeerRounds { get; init; }

    public int SearchRounds { get; init; }

    public int WrkThreads { get; init; }

    /// <summary>Closed loop (in-process): a user refused with Retry-After waits it out before asking again (default).</summary>
    public bool HonorRetryAfter { get; init; } = true;

    public static LoadOptions Parse(Scenario scenario, IReadOnlyList<string> args, string root)
    {
        var a = Arguments.Parse(args, ValueOptions, FlagOptions);
        var gatewayText = a.Optional("gateway") ?? "http://127.0.0.1:5100";
        if (!Uri.TryCreate(gatewayText, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--gateway must be an absolute http(s) URL such as http://127.0.0.1:5100; it is '{gatewayText}'.");
        }

        if (!GatewayHttp.IsLoopback(gateway))
        {
            throw new UsageException($"--gateway must be a loopback address (127.0.0.1, localhost, [::1]): the tool sends load to this machine only, not to {gateway.Host}.");
        }

        var generator = (a.Optional("generator") ?? "inproc").ToLowerInvariant();
        if (generator is not ("inproc" or "wrk"))
        {
            throw new UsageException($"--generator must be inproc or wrk; it is '{a.Optional("generator")}'.");
        }

        if (generator == "wrk" && scenario == Scenario.Overload)
        {
            throw new UsageException("The overload scenario needs an open-loop arrival rate, which only --generator inproc holds (wrk is closed-loop).");
        }

        var (duration, users, think) = scenario switch
        {
            Scenario.OneUser => (TimeSpan.FromSeconds(60), 1, TimeSpan.Zero),
            Scenario.Users => (TimeSpan.FromMinutes(5), 100, TimeSpan.FromSeconds(1)),
            Scenario.Saturation => (TimeSpan.Zero, 0, TimeSpan.Zero),
            Scenario.Overload => (TimeSpan.FromSeconds(60), 0, TimeSpan.Zero),
            Scenario.Soak => (TimeSpan.FromMinutes(10), 50, TimeSpan.FromSeconds(1)),
            Scenario.Generators => (TimeSpan.FromSeconds(60), 100, TimeSpan.FromSeconds(1)),
            _ => (TimeSpan.Zero, 1, TimeSpan.Zero),
        };
        var deadline = a.Duration("deadline", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var corpus = a.All("corpus").Select(Path.GetFullPath).ToList();
        foreach (var folder in corpus)
        {
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"The corpus folder '{folder}' does not exist.");
            }
        }

        var stackRoot = a.Optional("stack-root") is { } s ? Path.GetFullPath(s) : root;
        if (a.Has("stack-root") && !File.Exists(Path.Combine(stackRoot, "run.sh")))
        {
            throw new UsageException($"--stack-root '{stackRoot}' has no run.sh.");
        }

        var questions = a.All("questions").Select(Path.GetFullPath).ToList();
        if (questions.Count == 0)
        {
            questions.Add(Path.Combine(root, "samples", "eval", "questions.jsonl"));
        }

        var sample = a.Duration("sample", scenario == Scenario.Soak ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(1));
        return new LoadOptions
        {
            Scenario = scenario,
            Gateway = gateway,
            Root = root,
            StackRoot = stackRoot,
            Start = a.Flag("start"),
            KeepRunning = a.Flag("keep-running"),
            Build = !a.Flag("no-build"),
            Duration = a.Duration("duration", duration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(2)),
            Users = a.Int("users", users, 1, 5000),
            Think = a.Duration("think", think, TimeSpan.Zero, TimeSpan.FromMinutes(5)),
            Generator = generator,
            QuestionFiles = questions,
            Broad = !a.Flag("no-broad"),
            CorpusFolders = corpus.Count > 0 ? corpus : DefaultCorpusFolders(root, !a.Flag("no-devdata")),
            DefaultCorpus = corpus.Count == 0,
            Ingest = !a.Flag("no-ingest"),
            IngestTimeout = a.Duration("ingest-timeout", TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5), TimeSpan.FromHours(6)),
            Deadline = deadline,
            RequestTimeout = a.Duration("timeout", deadline + TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15)),
            Rate = a.Has("rate") ? a.Double("rate", 0, 0.1, 100_000) : null,
            Factor = a.Double("factor", 4, 0.1, 100),
            Before = a.Duration("before", TimeSpan.FromSeconds(20), TimeSpan.Zero, TimeSpan.FromMinutes(30)),
            Recovery = a.Duration("recovery", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30)),
            Step = a.Duration("step", TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10)),
            MaxUsers = a.Int("max-users", 64, 1, 5000),
            Interval = a.Duration("interval", scenario == Scenario.Soak ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            Sample = sample,
            Warmup = a.Duration("warmup", TimeSpan.FromMinutes(2), TimeSpan.Zero, TimeSpan.FromHours(1)),
            Tolerance = a.Double("tolerance", 10, 0.1, 100),
            OutputFolder = Path.GetFullPath(a.Optional("out") ?? Path.Combine(root, "Tests", "Load")),
            Label = a.Optional("label"),
            MaxRequests = a.Int("max-requests", 2_000_000, 1, int.MaxValue),
            MaxInFlight = a.Int("max-in-flight", 2000, 1, 100_000),
            Peer = scenario is Scenario.OneUser or Scenario.Peer ? !a.Flag("no-peer") : a.Flag("peer"),
            PeerRounds = a.Int("peer-rounds", 20, 1, 10_000),
            SearchRounds = a.Int("search-rounds", 1, 1, 100),
            WrkThreads = a.Int("wrk-threads", 1, 1, 64),
            HonorRetryAfter = !a.Flag("ignore-retry-after"),
        };
    }

    public static IReadOnlyList<string> DefaultCorpusFolders(string root, bool devdata)
    {
        var folders = new List<string> { Path.Combine(root, "samples") };
        if (devdata)
        {
            folders.Add(Path.GetFullPath(Path.Combine(root, "..", "shared", "devdata")));
        }

        return folders;
    }
}
