using System.Text;
using Switchboard.Load.Cli;
using Switchboard.Load.Generators;
using Switchboard.Load.Monitoring;
using Switchboard.Load.Peer;
using Switchboard.Load.Reports;
using Switchboard.Load.Scenarios;
using Switchboard.Load.Stats;
using Switchboard.Load.Workload;

namespace Switchboard.Load.Tests;

public sealed class PercentileTests
{
    [Fact]
    public void Interpolates_between_closest_ranks()
    {
        double[] values = [15, 20, 35, 40, 50];
        Assert.Equal(35, Percentiles.Of(values, 50));
        Assert.Equal(15, Percentiles.Of(values, 0));
        Assert.Equal(50, Percentiles.Of(values, 100));
        Assert.Equal(48, Percentiles.Of(values, 95)!.Value, 6); // position 3.8: 40 + 0.8 * 10
        Assert.Equal(20, Percentiles.Of(values, 25));
    }

    [Fact]
    public void Ignores_input_order_and_handles_edge_cases()
    {
        Assert.Null(Percentiles.Of([], 50));
        Assert.Equal(7, Percentiles.Of([7], 99));
        Assert.Equal(Percentiles.Of([1, 2, 3, 4], 90), Percentiles.Of([4, 1, 3, 2], 90));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1], 101));
    }

    [Fact]
    public void Summary_of_one_to_hundred()
    {
        var summary = LatencySummary.Of(Enumerable.Range(1, 100).Select(i => (double)i));
        Assert.Equal(50.5, summary.P50);
        Assert.Equal(95.05, summary.P95!.Value, 6);
        Assert.Equal(99.01, summary.P99!.Value, 6);
        Assert.Equal(100, summary.Max);
        Assert.Equal(100, summary.Count);
    }
}

public sealed class ArgumentTests
{
    [Theory]
    [InlineData("60s", 60)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("250ms", 0.25)]
    [InlineData("90", 90)]
    [InlineData("1.5s", 1.5)]
    public void Durations_parse(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5s")]
    [InlineData("5x")]
    public void Bad_durations_are_rejected(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void Options_flags_and_inline_values()
    {
        var a = Arguments.Parse(["--users", "10", "--duration=60s", "--start", "--corpus", "a", "--corpus", "b"], ["users", "duration", "corpus"], ["start"]);
        Assert.Equal(10, a.Int("users", 1, 1, 100));
        Assert.Equal(TimeSpan.FromSeconds(60), a.Duration("duration", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1)));
        Assert.True(a.Flag("start"));
        Assert.Equal(["a", "b"], a.All("corpus"));
    }

    [Fact]
    public void Wrong_input_is_a_usage_error()
    {
        Assert.Throws<UsageException>(() => Arguments.Parse(["--nope"], ["users"], []));
        Assert.Throws<UsageException>(() => Arguments.Parse(["--users"], ["users"], []));
        Assert.Throws<UsageException>(() => Arguments.Parse(["users"], ["users"], []));
        Assert.Throws<UsageException>(() => Arguments.Parse(["--users", "0"], ["users"], []).Int("users", 1, 1, 10));
        Assert.Throws<UsageException>(() => Scenarios.Scenarios.Parse("bogus"));
        Assert.Throws<UsageException>(() => LoadOptions.Parse(Scenario.Users, ["--gateway", "http://192.168.1.5:5100"], "/tmp"));
        Assert.Throws<UsageException>(() => LoadOptions.Parse(Scenario.Overload, ["--generator", "wrk"], "/tmp"));
    }

    [Fact]
    public void Scenario_defaults()
    {
        var b = LoadOptions.Parse(Scenario.Users, [], "/repo");
        Assert.Equal(100, b.Users);
        Assert.Equal(TimeSpan.FromSeconds(1), b.Think);
        Assert.Equal(TimeSpan.FromMinutes(5), b.Duration);
        Assert.Equal(Scenario.Users, Scenarios.Scenarios.Parse("b"));
        Assert.Equal(TimeSpan.FromSeconds(60), LoadOptions.Parse(Scenario.Users, ["--duration", "60s"], "/repo").Duration);
        Assert.Equal(TimeSpan.FromMinutes(10), LoadOptions.Parse(Scenario.Soak, [], "/repo").Duration);
        Assert.True(LoadOptions.Parse(Scenario.OneUser, [], "/repo").Peer);
        Assert.False(LoadOptions.Parse(Scenario.Users, [], "/repo").Peer);
        Assert.Equal(new Uri("http://127.0.0.1:5100"), b.Gateway);
    }
}

public sealed class ResponseAndSummaryTests
{
    [Theory]
    [InlineData(200, """{"answerId":"a","status":"answered","citations":[{"status":"x"}],"cached":false}""", Outcome.Answered, false)]
    [InlineData(200, """{"answerId":"a","route":{"status":"answered"},"status":"not_found","cached":true}""", Outcome.NotFound, true)]
    [InlineData(200, """{"status":"refused"}""", Outcome.Refused, false)]
    [InlineData(200, "not json", Outcome.OtherHttp, false)]
    [InlineData(503, "{}", Outcome.Unavailable503, false)]
    [InlineData(429, "", Outcome.TooMany429, false)]
    [InlineData(500, "", Outcome.OtherHttp, false)]
    public void Classifies_by_top_level_status(int http, string body, Outcome expected, bool cached)
    {
        Assert.Equal(expected, AskResponseParser.Classify(http, Encoding.UTF8.GetBytes(body), out var isCached));
        Assert.Equal(cached, isCached);
    }

    [Fact]
    public void Summary_counts_rates_classes_and_buckets()
    {
        RequestRecord R(double start, double latency, Outcome outcome, QuestionClass c = QuestionClass.Eval) =>
            new(start, latency, outcome, c, outcome switch { Outcome.Unavailable503 => 503, Outcome.Timeout or Outcome.Dropped => 0, _ => 200 }, false, 0);
        RequestRecord[] records =
        [
            R(0, 100, Outcome.Answered), R(1000, 200, Outcome.Answered), R(2000, 300, Outcome.NotFound, QuestionClass.Broad),
            R(6000, 50, Outcome.Unavailable503), R(7000, 40_000, Outcome.Timeout), R(8000, 0, Outcome.Dropped),
        ];
        var s = RunSummary.FromRecords(records, 10, bucketS: 5, deadlineMs: 30_000);
        Assert.Equal(5, s.Requests);
        Assert.Equal(0.5, s.RequestsPerSecond, 6);
        Assert.Equal(0.2, s.AnsweredPerSecond, 6);
        Assert.Equal(4, s.Latency.Count); // the timeout and the drop have no response
        Assert.Equal(1, s.Count(Outcome.Dropped));
        Assert.Equal(1, s.OverDeadline);
        Assert.Equal(50, s.Refusal503Latency!.Max);
        Assert.Equal(1, s.Refusals503WithoutRetryAfter);
        var told = RunSummary.FromRecords([R(0, 5, Outcome.Unavailable503) with { RetryAfterS = 1 }], 1);
        Assert.Equal(0, told.Refusals503WithoutRetryAfter);
        Assert.True(told.OverTime is not null && (R(0, 5, Outcome.Unavailable503) with { RetryAfterS = 1 }).AsksToRetryLater);
        Assert.False((R(0, 5, Outcome.Answered) with { RetryAfterS = 1 }).AsksToRetryLater);
        Assert.False(R(0, 5, Outcome.Unavailable503).AsksToRetryLater);
        Assert.Equal(300, s.ByClass!["broad"].P50);
        Assert.Equal(2, s.OverTime!.Count);
        Assert.Equal(3, s.OverTime[0].Requests);
        Assert.Equal(2, s.OverTime[1].Requests);
        Assert.Equal(1, s.OverTime[1].Unavailable503);
    }

    [Fact]
    public void Retry_after_in_whole_seconds()
    {
        Assert.Equal(-1, InProcGenerator.RetryAfterSeconds(null));
        Assert.Equal(1, InProcGenerator.RetryAfterSeconds(new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1))));
        Assert.Equal(2, InProcGenerator.RetryAfterSeconds(new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(1500))));
        Assert.InRange(InProcGenerator.RetryAfterSeconds(new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30))), 29, 30);
        Assert.Equal(0, InProcGenerator.RetryAfterSeconds(new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(-30))));
        Assert.True(LoadOptions.Parse(Scenario.Saturation, [], "/repo").HonorRetryAfter);
        Assert.False(LoadOptions.Parse(Scenario.Saturation, ["--ignore-retry-after"], "/repo").HonorRetryAfter);
    }

    [Fact]
    public void Reads_the_wrk_done_line()
    {
        var s = WrkGenerator.Parse("""{"requests":100,"durationUs":10000000,"connectErrors":1,"readErrors":0,"writeErrors":0,"statusErrors":20,"timeouts":2,"p50":150000,"p95":900000,"p99":1200000,"max":2000000,"mean":200000.0,"answered":60,"notFound":15,"refused":5,"s503":18,"s429":1,"other":1,"cached":0}""");
        Assert.Equal(103, s.Requests);
        Assert.Equal(6, s.AnsweredPerSecond, 6);
        Assert.Equal(150, s.Latency.P50);
        Assert.Equal(900, s.Latency.P95);
        Assert.Equal(18, s.Count(Outcome.Unavailable503));
        Assert.Equal(2, s.Count(Outcome.Timeout));
    }

    [Fact]
    public void Wrk_script_escapes_bodies_and_has_the_hooks()
    {
        var questions = new QuestionSet([new LoadQuestion("Say \"hi\" \\ ünïcode", QuestionClass.Eval)]);
        var script = WrkGenerator.Script(questions, TimeSpan.FromSeconds(1));
        Assert.Contains("function request()", script);
        Assert.Contains("function response(", script);
        Assert.Contains("function done(", script);
        Assert.Contains("function delay()", script);
        Assert.Contains("think_ms = 1000", script);
        Assert.Contains("\\034", script); // the escaped quote of the JSON body
        Assert.DoesNotContain("function delay()", WrkGenerator.Script(questions, TimeSpan.Zero));
    }

    [Fact]
    public void Broad_questions_are_interleaved()
    {
        var eval = Enumerable.Range(0, 63).Select(i => $"q{i}").ToList();
        var list = QuestionSet.Interleave(eval, QuestionSet.Broad);
        Assert.Equal(69, list.Count);
        Assert.Equal(6, list.Count(q => q.Class == QuestionClass.Broad));
        Assert.Equal(QuestionClass.Broad, list[10].Class);
        Assert.Equal("q0", list[0].Text);
    }

    [Fact]
    public void Csv_rows_become_header_value_chunks()
    {
        var rows = SimpleChunker.CsvRows("Date,Country,Note\r\n2001-01-01,Canada,\"a, \"\"b\"\"\nc\"\r\n2002-01-01,Japan,\r\n").ToList();
        Assert.Equal(["Date: 2001-01-01; Country: Canada; Note: a, \"b\"\nc", "Date: 2002-01-01; Country: Japan"], rows);
    }

    [Fact]
    public void Prose_windows_stay_within_the_token_budget_and_overlap()
    {
        var text = string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"word{i % 97}"));
        var windows = SimpleChunker.Windows(text).ToList();
        Assert.True(windows.Count > 1);
        var tokenizer = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o");
        Assert.All(windows, w => Assert.InRange(tokenizer.CountTokens(w), 1, SimpleChunker.MaxTokens + 5));
        var firstEnd = windows[0].Split(' ')[^1];
        Assert.Contains(firstEnd, windows[1].Split(' ').Take(40)); // the next window repeats the previous one's tail
        Assert.EndsWith("word59", windows[^1], StringComparison.Ordinal); // 1999 % 97 = 59: nothing is lost at the end
    }

    [Fact]
    public void Synthetic_corpus_is_deterministic()
    {
        var one = Directory.CreateTempSubdirectory("load-gen-");
        var two = Directory.CreateTempSubdirectory("load-gen-");
        try
        {
            var first = Corpus.SyntheticCorpus.Generate(one.FullName, 250, 7, 40, 100, TextWriter.Null);
            Corpus.SyntheticCorpus.Generate(two.FullName, 250, 7, 40, 100, TextWriter.Null);
            Assert.Equal(3, first.Files);
            foreach (var file in Directory.GetFiles(one.FullName))
            {
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(two.FullName, Path.GetFileName(file))));
            }

            var paragraphs = Directory.GetFiles(one.FullName, "synthetic-*.txt").SelectMany(f => SimpleChunker.Chunks(f, paragraphs: true)).Count();
            Assert.Equal(250, paragraphs);
        }
        finally
        {
            one.Delete(true);
            two.Delete(true);
        }
    }
}

public sealed class RuntimeMetricsTests
{
    private const string Scrape = """
        # TYPE dotnet_gc_collections_total counter
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 1
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen1"} 3
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 10
        # HELP dotnet_gc_heap_total_allocated_bytes_total The approximate number of bytes allocated.
        dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name="System.Runtime"} 8970512
        dotnet_gc_heap_total_allocated_bytes_total_other 5
        dotnet_gc_pause_time_seconds_total{otel_scope_name="System.Runtime"} 0.045101 1733150000000
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 77
        """;

    [Fact]
    public void Reads_the_runtime_counters_from_a_prometheus_scrape()
    {
        var c = RuntimeCounters.Parse(Scrape.Replace("\n", "\r\n", StringComparison.Ordinal))!;
        Assert.Equal(8970512, c.AllocatedBytes);
        Assert.Equal((10, 3, 1), (c.Gen0, c.Gen1, c.Gen2));
        Assert.Equal(0.045101, c.GcPauseSeconds, 6);
        Assert.Null(RuntimeCounters.Parse("# nothing\nhttp_requests_total 5\n"));
        Assert.Equal(42, RuntimeCounters.Parse("dotnet_gc_heap_total_allocated_bytes_total 42")!.AllocatedBytes);
    }

    [Fact]
    public void Allocation_per_answered_and_per_200_response()
    {
        RuntimeSnapshot Snap(params (string Name, RuntimeCounters? C)[] s) => new(s.ToDictionary(x => x.Name, x => x.C));
        var before = Snap(("gateway", new RuntimeCounters(1_000_000, 10, 2, 1, 0.5)), ("router", new RuntimeCounters(0, 0, 0, 0, 0)), ("retrieval", null), ("reporting", new RuntimeCounters(500, 0, 0, 0, 0)));
        var after = Snap(("gateway", new RuntimeCounters(1_000_000 + 100 * 1024 * 1024, 40, 5, 1, 0.75)), ("router", null), ("retrieval", new RuntimeCounters(9, 9, 9, 9, 9)), ("reporting", new RuntimeCounters(100, 0, 0, 0, 0)));
        var result = ServiceAllocation.Between(before, after, answered: 400, ok: 512);
        var gateway = Assert.Single(result); // router: failed scrape after; retrieval: before; reporting: restarted (went down)
        Assert.Equal("gateway", gateway.Name);
        Assert.Equal(100, gateway.AllocatedMb);
        Assert.Equal(256, gateway.KbPerAnswered);
        Assert.Equal(200, gateway.KbPerOk);
        Assert.Equal((30L, 3L, 0L), (gateway.Gen0, gateway.Gen1, gateway.Gen2));
        Assert.Equal(250, gateway.GcPauseMs);
        Assert.Null(ServiceAllocation.Between(before, after, 0, 0)[0].KbPerAnswered);
    }

    [Fact]
    public void Markdown_shows_a_row_per_phase_and_a_column_per_service()
    {
        var summary = RunSummary.FromRecords([], 1);
        PhaseReport Phase(string name, params ServiceAllocation[] a) => new() { Name = name, Generator = "inproc", Summary = summary, Allocation = a };
        var md = new StringBuilder();
        MarkdownReport.AppendAllocation(md, [
            Phase("1 users", new ServiceAllocation("gateway", 1, 1234.4, 1000, 3, 1, 0, 2), new ServiceAllocation("retrieval", 1, 12.34, null, 1, 0, 0, 1)),
            Phase("2 users", new ServiceAllocation("retrieval", 1, 10, 9, 2, 0, 0, 1)),
            Phase("no metrics"),
        ]);
        var text = md.ToString();
        Assert.Contains("| phase | gateway | retrieval |", text);
        Assert.Contains("| 1 users | 1,234 / 1,000 KB; gc 3/1/0 | 12.3 / – KB; gc 1/0/0 |", text);
        Assert.Contains("| 2 users | – | 10.0 / 9.0 KB; gc 2/0/0 |", text);
        Assert.DoesNotContain("no metrics", text);
        var empty = new StringBuilder();
        MarkdownReport.AppendAllocation(empty, [Phase("x")]);
        Assert.Equal(0, empty.Length);
    }
}
