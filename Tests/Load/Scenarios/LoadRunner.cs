using System.Globalization;
using System.Net;
using System.Text.Json;
using Switchboard.Load.Cli;
using Switchboard.Load.Corpus;
using Switchboard.Load.Generators;
using Switchboard.Load.Monitoring;
using Switchboard.Load.Peer;
using Switchboard.Load.Reports;
using Switchboard.Load.Stack;
using Switchboard.Load.Stats;
using Switchboard.Load.Workload;

namespace Switchboard.Load.Scenarios;

/// <summary>Runs one scenario end to end: stack, corpus, load phases, /proc sampling, peer comparison, report.</summary>
public sealed class LoadRunner(LoadOptions o, TextWriter log, string command)
{
    private readonly List<string> _warnings = [];
    private InProcGenerator _generator = null!;
    private HttpClient _http = null!;
    private QuestionSet _questions = null!;
    private RuntimeMetricsScraper? _metrics;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _questions = QuestionSet.Load(o.QuestionFiles, o.Broad);
        var startedAt = DateTimeOffset.UtcNow;
        var started = false;
        try
        {
            if (o.Start)
            {
                started = await StackControl.StartAsync(o.StackRoot, o.Build, log, cancellationToken);
            }

            var connections = Math.Max(Math.Max(o.Users, o.MaxUsers), o.Scenario == Scenario.Overload ? o.MaxInFlight : 1);
            using var http = GatewayHttp.Create(o.Gateway, connections);
            _http = http;
            _generator = new InProcGenerator(http, _questions, o.RequestTimeout);
            await CheckGatewayAsync(cancellationToken);
            var corpus = await PrepareCorpusAsync(cancellationToken);
            if (o.Scenario == Scenario.Ingest)
            {
                log.WriteLine($"Corpus ready: {corpus.Documents.Count(d => d.Status == "ready")} of {corpus.Documents.Count} documents, {corpus.Chunks:N0} chunks.");
                return corpus.Documents.All(d => d.Status == "ready") ? 0 : 1;
            }

            var cacheBefore = await CacheHitsAsync(cancellationToken);
            var loadBefore = ProcStat.LoadAverage();
            var phases = new List<PhaseReport>();
            SaturationReport? saturation = null;
            OverloadReport? overload = null;
            SoakReport? soak = null;
            IReadOnlyList<ServiceResources> resources = [];
            if (o.Scenario != Scenario.Peer)
            {
                var processes = ServiceProcesses.Find();
                log.WriteLine(processes.Count == 0
                    ? "warning: no stack process found on ports 5100-5107/6380; CPU and RSS are sampled for the load tool only."
                    : "Sampling /proc of: " + string.Join(", ", processes.Select(p => $"{p.Name} (pid {p.Pid}, {p.How})")));
                if (processes.Count < ServiceProcesses.Stack.Count)
                {
                    var missing = ServiceProcesses.Stack.Select(s => s.Name).Except(processes.Select(p => p.Name));
                    _warnings.Add($"no process found for {string.Join(", ", missing)} (by listening port or command line); not sampled.");
                }

                using var metrics = RuntimeMetricsScraper.For(processes, o.Gateway);
                _metrics = metrics.Services.Count > 0 ? metrics : null;
                await using var sampler = new ResourceSampler(processes, o.Sample);
                switch (o.Scenario)
                {
                    case Scenario.OneUser:
                    case Scenario.Users:
                        phases.Add(await ClosedAsync(Scenarios.NameOf(o.Scenario), o.Users, o.Think, o.Duration, o.Generator, cancellationToken));
                        break;
                    case Scenario.Generators:
                        phases.Add(await ClosedAsync("in-process HttpClient", o.Users, o.Think, o.Duration, "inproc", cancellationToken));
                        phases.Add(await ClosedAsync("wrk + Lua", o.Users, o.Think, o.Duration, "wrk", cancellationToken));
                        break;
                    case Scenario.Saturation:
                        saturation = await SaturationAsync(phases, cancellationToken);
                        break;
                    case Scenario.Overload:
                        overload = await OverloadAsync(phases, cancellationToken);
                        break;
                    case Scenario.Soak:
                        phases.Add(await ClosedAsync("soak", o.Users, o.Think, o.Duration, o.Generator, cancellationToken));
                        break;
                }

                resources = await sampler.StopAsync();
                _metrics = null;
                if (o.Scenario == Scenario.Soak)
                {
                    soak = SoakAnalysis(resources);
                }
            }

            var cacheAfter = await CacheHitsAsync(cancellationToken);
            int? cacheHits = cacheBefore is { } b && cacheAfter is { } a ? (int)(a - b) : null;
            var cachedResponses = phases.Sum(p => p.Summary.Cached);
            if (cachedResponses > 0 || cacheHits > 0)
            {
                _warnings.Add($"the answer cache answered during the run ({cachedResponses} responses were cached: true, {cacheHits ?? 0} cache hits in the Gateway's metrics): start the stack with Gateway__AnswerCache__Enabled=false (or use --start) for valid figures.");
            }

            var peer = o.Peer ? await PeerAsync(phases, cancellationToken) : null;
            var report = new LoadReport
            {
                Scenario = Scenarios.NameOf(o.Scenario),
                Label = o.Label,
                StartedAt = startedAt,
                Command = command,
                Git = GitInfo.Read(o.Root),
                StackRoot = o.StackRoot == o.Root ? null : o.StackRoot,
                Machine = MachineInfo.Read(),
                Gateway = o.Gateway.ToString().TrimEnd('/'),
                AnswerCache = started
                    ? "off (the tool started the stack with Gateway__AnswerCache__Enabled=false)"
                    : $"as configured by whoever started the stack (checked: {cachedResponses} cached responses seen)",
                AnswerCacheHitsDuringRun = cacheHits,
                Corpus = corpus,
                EvalQuestions = _questions.EvalCount,
                BroadQuestions = _questions.BroadCount,
                QuestionFiles = o.QuestionFiles.Select(f => Relative(f)).ToList(),
                Phases = phases,
                Resources = resources,
                Saturation = saturation,
                Overload = overload,
                Soak = soak,
                Peer = peer,
                Warnings = _warnings,
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = ProcStat.LoadAverage(),
            };
            Write(report);
            return 0;
        }
        finally
        {
            if (started && !o.KeepRunning)
            {
                await StackControl.StopAsync(o.StackRoot, log);
            }
        }
    }

    private async Task CheckGatewayAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await _http.GetAsync("/health", timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                _warnings.Add($"the Gateway's /health answered {(int)response.StatusCode} before the run.");
                log.WriteLine($"warning: {o.Gateway} /health answered {(int)response.StatusCode}; measuring anyway.");
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? "no answer within 10 s" : e.InnerException?.Message ?? e.Message;
            throw new UsageException($"The Gateway at {o.Gateway} is not reachable ({why}); start the stack with ./run.sh --detach or pass --start.");
        }
    }

    private async Task<CorpusReport> PrepareCorpusAsync(CancellationToken cancellationToken)
    {
        var skipped = new List<string>();
        var folders = new List<string>();
        foreach (var folder in o.CorpusFolders)
        {
            if (Directory.Exists(folder))
            {
                folders.Add(folder);
            }
            else
            {
                var reason = $"{Relative(folder)} skipped: the folder does not exist on this machine";
                skipped.Add(reason);
                log.WriteLine(reason + ".");
            }
        }

        var files = folders.SelectMany(CorpusIngestion.DocumentFiles).ToList();
        var ingestion = new CorpusIngestion(_http, log);
        IReadOnlyList<IngestedDocument> documents;
        if (o.Ingest && o.Scenario != Scenario.Generate)
        {
            log.WriteLine($"Corpus: {files.Count} files from {string.Join(", ", folders.Select(Relative))}; uploading those not ready yet ...");
            documents = await ingestion.EnsureAsync(files, o.IngestTimeout, cancellationToken);
            foreach (var failed in documents.Where(d => d.Status != "ready"))
            {
                _warnings.Add($"corpus document {failed.Name} is {failed.Status}{(failed.Error is null ? "" : ": " + failed.Error)}.");
            }
        }
        else
        {
            var listed = await ingestion.ListAsync(cancellationToken);
            documents = listed.Select(d => new IngestedDocument(d.Name, "", d.Status, d.Chunks, true, d.Error)).ToList();
            log.WriteLine($"--no-ingest: the Gateway lists {documents.Count} documents.");
        }

        return new CorpusReport(folders.Select(Relative).ToList(), skipped, documents, documents.Where(d => d.Status == "ready").Sum(d => d.Chunks));
    }

    private async Task<PhaseReport> ClosedAsync(string name, int users, TimeSpan think, TimeSpan duration, string generator, CancellationToken cancellationToken)
    {
        log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name}: {users} users, think {Durations.Format(think)}, {Durations.Format(duration)}, generator {generator} ...");
        var before = await SnapshotAsync(cancellationToken);
        PhaseReport phase;
        if (generator == "wrk")
        {
            var result = await WrkGenerator.RunAsync(o.Gateway, _questions, users, o.WrkThreads, think, duration, o.RequestTimeout, cancellationToken);
            phase = new PhaseReport
            {
                Name = name,
                Generator = "wrk",
                Users = users,
                ThinkS = think.TotalSeconds,
                Summary = result.Summary,
                GeneratorCpuSeconds = result.GeneratorCpuSeconds,
                CommandLine = result.CommandLine,
            };
        }
        else
        {
            var cpu = ProcStat.CpuSeconds(Environment.ProcessId) ?? 0;
            var origin = _generator.NowMs;
            var (records, seconds) = await _generator.ClosedLoopAsync(users, think, duration, o.MaxRequests, 0, cancellationToken, honorRetryAfter: o.HonorRetryAfter);
            phase = new PhaseReport
            {
                Name = name,
                Generator = "inproc",
                Users = users,
                ThinkS = think.TotalSeconds,
                Summary = RunSummary.FromRecords(records, seconds, o.Interval.TotalSeconds, o.Deadline.TotalMilliseconds, origin),
                GeneratorCpuSeconds = (ProcStat.CpuSeconds(Environment.ProcessId) ?? 0) - cpu,
            };
        }

        phase = WithAllocation(phase, before, await SnapshotAsync(cancellationToken));
        Print(phase);
        return phase;
    }

    /// <summary>The runtime counters of every .NET service now, or null when there is nothing to scrape.</summary>
    private async Task<RuntimeSnapshot?> SnapshotAsync(CancellationToken cancellationToken) =>
        _metrics is { } metrics ? await metrics.ReadAsync(cancellationToken) : null;

    private static PhaseReport WithAllocation(PhaseReport phase, RuntimeSnapshot? before, RuntimeSnapshot? after)
    {
        if (before is null || after is null)
        {
            return phase;
        }

        var s = phase.Summary;
        var ok = s.Count(Outcome.Answered) + s.Count(Outcome.NotFound) + s.Count(Outcome.Refused);
        return phase with { Allocation = ServiceAllocation.Between(before, after, s.Count(Outcome.Answered), ok) };
    }

    /// <summary>Open-loop phases back to back (the next one's arrivals start when this one's stop), summarised once all have drained.</summary>
    private async Task<List<PhaseReport>> OpenPhasesAsync(IReadOnlyList<(string Name, double Rate, TimeSpan Duration)> plan, CancellationToken cancellationToken)
    {
        var cpu = ProcStat.CpuSeconds(Environment.ProcessId) ?? 0;
        var runs = new List<OpenLoopRun>();
        // Runtime counters at each boundary, read without holding up the next phase's arrivals: phase i's allocation is
        // what the services allocated between its arrivals' start and the next phase's (the last one: until drained).
        var snapshots = new List<Task<RuntimeSnapshot?>> { SnapshotAsync(cancellationToken) };
        await snapshots[0];
        for (var i = 0; i < plan.Count; i++)
        {
            var (name, rate, duration) = plan[i];
            log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name}: {rate:0.0} req/s open loop for {Durations.Format(duration)} ...");
            runs.Add(await _generator.OpenLoopAsync(rate, duration, o.MaxInFlight, (byte)(i + 1), cancellationToken));
            if (i < plan.Count - 1)
            {
                snapshots.Add(SnapshotAsync(cancellationToken));
            }
        }

        log.WriteLine($"[{DateTime.Now:HH:mm:ss}] waiting for the requests still in flight ...");
        await Task.WhenAll(runs.Select(r => r.Drained));
        snapshots.Add(SnapshotAsync(cancellationToken));
        var boundaries = await Task.WhenAll(snapshots);
        var generatorCpu = (ProcStat.CpuSeconds(Environment.ProcessId) ?? 0) - cpu;
        var totalS = runs.Sum(r => r.DurationS);
        var phases = new List<PhaseReport>();
        for (var i = 0; i < plan.Count; i++)
        {
            var run = runs[i];
            var phase = new PhaseReport
            {
                Name = plan[i].Name,
                Generator = "inproc",
                Rate = plan[i].Rate,
                Summary = RunSummary.FromRecords(run.Records.ToList(), run.DurationS, o.Interval.TotalSeconds, o.Deadline.TotalMilliseconds, run.StartMs),
                // The generator's CPU over all open-loop phases, shared out by phase duration.
                GeneratorCpuSeconds = totalS > 0 ? generatorCpu * run.DurationS / totalS : 0,
            };
            phase = WithAllocation(phase, boundaries[i], boundaries[i + 1]);
            Print(phase);
            phases.Add(phase);
        }

        return phases;
    }

    private void Print(PhaseReport phase)
    {
        var s = phase.Summary;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {s.Requests} requests in {s.DurationS:0.0} s: {s.RequestsPerSecond:0.0} req/s, {s.AnsweredPerSecond:0.0} answered/s; p50 {MarkdownReport.Ms(s.Latency.P50)} ms, p95 {MarkdownReport.Ms(s.Latency.P95)} ms, p99 {MarkdownReport.Ms(s.Latency.P99)} ms, max {MarkdownReport.Ms(s.Latency.Max)} ms; ")
            + string.Join(", ", s.Outcomes.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}"))
            + string.Create(CultureInfo.InvariantCulture, $"; generator CPU {phase.GeneratorCpuPercent:0.#} %"));
        if (phase.Allocation is { Count: > 0 } allocation)
        {
            log.WriteLine("  allocated per answered question: " + string.Join(", ", allocation.Select(a => $"{a.Name} {MarkdownReport.Kb(a.KbPerAnswered)} KB (gc {a.Gen0}/{a.Gen1}/{a.Gen2})")));
        }
    }

    private async Task<SaturationReport> SaturationAsync(List<PhaseReport> phases, CancellationToken cancellationToken)
    {
        var steps = new List<int>();
        for (var users = 1; users < o.MaxUsers; users *= 2)
        {
            steps.Add(users);
        }

        steps.Add(o.MaxUsers);
        double best = 0, bestTotal = 0;
        var bestUsers = 0;
        var stall = 0;
        var reason = $"the largest step (--max-users {o.MaxUsers}) was reached";
        foreach (var users in steps)
        {
            var phase = await ClosedAsync($"{users} users", users, TimeSpan.Zero, o.Step, o.Generator, cancellationToken);
            phases.Add(phase);
            var answered = phase.Summary.AnsweredPerSecond;
            bestTotal = Math.Max(bestTotal, phase.Summary.RequestsPerSecond);
            stall = answered > best * 1.05 ? 0 : stall + 1;
            if (answered > best)
            {
                best = answered;
                bestUsers = users;
            }

            if (stall >= 2)
            {
                reason = "answered req/s did not grow by 5 % over two doublings of the users";
                break;
            }

            if (stall >= 1 && phase.Summary.Share(Outcome.Unavailable503) > 0.5)
            {
                reason = "more than half of the requests were refused with 503 and answered req/s stopped growing";
                break;
            }
        }

        return new SaturationReport(best, bestUsers, bestTotal, reason);
    }

    private async Task<OverloadReport> OverloadAsync(List<PhaseReport> phases, CancellationToken cancellationToken)
    {
        var (rate, from) = o.Rate is { } given ? (given, "--rate") : LatestSaturation() is { } saved ? saved : (0.0, "");
        if (rate <= 0)
        {
            var probe = await ClosedAsync("probe (16 users, 20 s)", 16, TimeSpan.Zero, TimeSpan.FromSeconds(20), "inproc", cancellationToken);
            phases.Add(probe);
            rate = probe.Summary.AnsweredPerSecond > 0 ? probe.Summary.AnsweredPerSecond : probe.Summary.RequestsPerSecond;
            from = "a 20 s closed-loop probe at 16 users (answered req/s)";
            if (rate <= 0)
            {
                throw new UsageException("The probe got no responses, so there is no base rate to overload; pass --rate.");
            }
        }

        var overloadRate = rate * o.Factor;
        var normal = rate / 2;
        var plan = new List<(string, double, TimeSpan)>();
        if (o.Before > TimeSpan.Zero)
        {
            plan.Add(("before (½ base rate)", normal, o.Before));
        }

        plan.Add(($"overload (×{o.Factor:0.#})", overloadRate, o.Duration));
        plan.Add(("recovery", normal, o.Recovery));
        var open = await OpenPhasesAsync(plan, cancellationToken);
        phases.AddRange(open);
        var before = o.Before > TimeSpan.Zero ? open[0] : null;
        var overload = open[^2];
        var recovery = open[^1];
        var s = overload.Summary;
        var overDeadline = phases.Where(p => p.Rate is not null).Sum(p => p.Summary.OverDeadline ?? 0);
        var beforeP95 = before?.Summary.Latency.P95;
        double? recoveredAfter = null;
        var rule = "no before phase to compare with (--before 0)";
        if (beforeP95 is { } p95 && recovery.Summary.OverTime is { Count: > 0 } buckets)
        {
            var threshold = Math.Max(1.5 * p95, p95 + 100);
            var refusals = before!.Summary.Share(Outcome.Unavailable503) + 0.05;
            rule = $"the first {o.Interval.TotalSeconds:0} s bucket from which every later one has p95 ≤ {threshold:N0} ms (max(1.5 × before-p95, before-p95 + 100 ms)) and at most {refusals:P0} 503s (the before phase's share + 5 points)";
            for (var i = 0; i < buckets.Count; i++)
            {
                var later = buckets.Skip(i).Where(b => b.Requests > 0).ToList();
                if (later.Count > 0 && buckets[i].Requests > 0 && later.All(b => b.P95Ms <= threshold && (double)b.Unavailable503 / b.Requests <= refusals))
                {
                    recoveredAfter = buckets[i].StartS;
                    break;
                }
            }
        }

        return new OverloadReport(rate, from, o.Factor, overloadRate, o.Deadline.TotalSeconds,
            s.Share(Outcome.Answered), s.Share(Outcome.Unavailable503), overDeadline, overDeadline == 0,
            s.Refusal503Latency, beforeP95, recoveredAfter, rule, s.Refusals503WithoutRetryAfter);
    }

    /// <summary>The highest answered req/s of the newest saturation result in the output folder.</summary>
    private (double, string)? LatestSaturation()
    {
        var folder = Path.Combine(o.OutputFolder, "results");
        if (!Directory.Exists(folder))
        {
            return null;
        }

        foreach (var file in Directory.GetFiles(folder, "*-saturation.json").OrderDescending(StringComparer.Ordinal))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                if (json.RootElement.TryGetProperty("saturation", out var s) && s.GetProperty("maxAnsweredPerSecond").GetDouble() is var rate and > 0)
                {
                    return (rate, $"max answered req/s of {Relative(file)}");
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
            }
        }

        return null;
    }

    private SoakReport SoakAnalysis(IReadOnlyList<ServiceResources> resources)
    {
        var warmup = o.Warmup.TotalSeconds;
        if (warmup >= o.Duration.TotalSeconds / 2)
        {
            warmup = o.Duration.TotalSeconds / 5;
            _warnings.Add($"--warmup is at least half of --duration; the soak analysis used the first {warmup:0} s as warm-up instead.");
        }

        var services = new List<SoakService>();
        foreach (var r in resources.Where(r => r.Pid > 0 && r.Name != ResourceSampler.GeneratorName))
        {
            var warm = r.Samples.Where(s => s.TimeS >= warmup).ToList();
            if (warm.Count < 2)
            {
                continue;
            }

            var median = Percentiles.Of(warm.Select(s => s.RssMb), 50) ?? 0;
            var deviation = warm.Max(s => Math.Abs(s.RssMb - median)) / Math.Max(median, 1e-9) * 100;
            var meanT = warm.Average(s => s.TimeS);
            var meanR = warm.Average(s => s.RssMb);
            var slope = warm.Sum(s => (s.TimeS - meanT) * (s.RssMb - meanR)) / Math.Max(warm.Sum(s => (s.TimeS - meanT) * (s.TimeS - meanT)), 1e-9) * 60;
            services.Add(new SoakService(r.Name, median, warm.Min(s => s.RssMb), warm.Max(s => s.RssMb), deviation, deviation <= o.Tolerance, slope));
        }

        return new SoakReport(warmup, o.Tolerance, services, services.Count > 0 && services.All(s => s.Flat));
    }

    private async Task<PeerComparison> PeerAsync(IReadOnlyList<PhaseReport> phases, CancellationToken cancellationToken)
    {
        log.WriteLine($"[{DateTime.Now:HH:mm:ss}] Peer: indexing the corpus files in Lucene.Net ...");
        var files = o.CorpusFolders.Where(Directory.Exists)
            .SelectMany(folder => CorpusIngestion.DocumentFiles(folder).Select(file => (file, paragraphs: SyntheticCorpus.ReadManifest(folder) is not null)))
            .ToList();
        using var lucene = new LucenePeer();
        lucene.Index(files.SelectMany(f => SimpleChunker.Chunks(f.file, f.paragraphs)));
        var chunking = "the peer reads the corpus files itself (not the service's chunks) and sizes chunks with the same o200k tokenizer: "
            + $"CSV rows packed whole up to {SimpleChunker.MaxTokens} tokens, word windows of up to {SimpleChunker.MaxTokens} tokens with about {SimpleChunker.OverlapTokens} tokens of overlap per PDF page and per text/HTML file";
        var result = lucene.Measure(_questions, o.PeerRounds, chunking);
        log.WriteLine($"  Lucene: {result.Chunks:N0} chunks, query p50 {result.Query.P50:0.000} ms, p95 {result.Query.P95:0.000} ms");

        log.WriteLine($"[{DateTime.Now:HH:mm:ss}] Peer: the service's /v1/search, one request at a time ...");
        var search = new List<RequestRecord>();
        for (var round = 0; round < o.SearchRounds; round++)
        {
            foreach (var question in _questions.Questions)
            {
                search.Add(await _generator.SendAsync(question, 9, "/v1/search", cancellationToken));
            }
        }

        var searchLatency = LatencySummary.Of(search.Where(r => r.HttpStatus == 200).Select(r => r.LatencyMs));
        if (search.Any(r => r.HttpStatus != 200))
        {
            _warnings.Add($"{search.Count(r => r.HttpStatus != 200)} of {search.Count} /v1/search requests did not answer 200; their latency is left out.");
        }

        LatencySummary? askLatency;
        string source;
        if (o.Scenario == Scenario.OneUser && phases.Count > 0)
        {
            askLatency = phases[0].Summary.Latency;
            source = "the one-user run above";
        }
        else
        {
            log.WriteLine($"[{DateTime.Now:HH:mm:ss}] Peer: the service's /v1/ask, one request at a time ...");
            var ask = new List<RequestRecord>();
            foreach (var question in _questions.Questions)
            {
                ask.Add(await _generator.SendAsync(question, 9, "/v1/ask", cancellationToken));
            }

            askLatency = LatencySummary.Of(ask.Where(r => r.HttpStatus != 0).Select(r => r.LatencyMs));
            source = "one sequential pass";
        }

        static double? Ratio(double? service, double? peer) => service is { } s && peer is { } p && p > 0 ? Math.Round(s / p, 1) : null;
        return new PeerComparison(result, askLatency, searchLatency,
            Ratio(askLatency?.P50, result.Query.P50), Ratio(askLatency?.P95, result.Query.P95),
            Ratio(searchLatency.P50, result.Query.P50), Ratio(searchLatency.P95, result.Query.P95),
            $"{chunking}. Service /v1/ask latency from {source}; /v1/search: {o.SearchRounds} sequential pass(es). The ratios compare an HTTP round trip through the Gateway (and, for /v1/ask, the whole screen → route → answer → review pipeline) with an in-process library call, so they are an upper bound on the search engine's own share.");
    }

    private async Task<double?> CacheHitsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var text = await _http.GetStringAsync("/metrics", timeout.Token);
            double? sum = null;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("switchboard_gateway_answer_cache_total", StringComparison.Ordinal) && line.Contains("result=\"hit\"", StringComparison.Ordinal)
                    && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    sum = (sum ?? 0) + value;
                }
            }

            return sum ?? 0;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Write(LoadReport report)
    {
        Directory.CreateDirectory(Path.Combine(o.OutputFolder, "results"));
        var name = $"{report.StartedAt:yyyyMMdd-HHmmss}-{report.Scenario}.json";
        var json = Path.Combine(o.OutputFolder, "results", name);
        File.WriteAllText(json, JsonSerializer.Serialize(report, LoadReport.Json));
        var markdown = Path.Combine(o.OutputFolder, "RESULTS.md");
        var section = MarkdownReport.Render(report, "results/" + name);
        if (!File.Exists(markdown))
        {
            File.WriteAllText(markdown, MarkdownReport.Header);
        }

        File.AppendAllText(markdown, Environment.NewLine + section);
        log.WriteLine();
        log.WriteLine(section);
        log.WriteLine($"Appended to {markdown}; JSON in {json}.");
    }

    private string Relative(string path)
    {
        var relative = Path.GetRelativePath(o.Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) && !relative.StartsWith("../shared", StringComparison.Ordinal) ? path : relative;
    }
}
