using System.Globalization;
using System.Text;
using Switchboard.Load.Monitoring;
using Switchboard.Load.Stats;

namespace Switchboard.Load.Reports;

/// <summary>The Markdown section one run appends to RESULTS.md.</summary>
public static class MarkdownReport
{
    public const string Header = """
        # Load test results

        Written by `Tests/Load` (see [README.md](README.md)); each run appends one section, newest last, and writes the
        full figures (every phase, time series, per-process samples) as JSON under `results/`. Latencies are client-side
        (request sent → response read) in milliseconds; CPU % is per core (200 % = both cores of a 2-core machine).

        """;

    public static string Render(LoadReport report, string jsonFile)
    {
        var md = new StringBuilder();
        var title = report.Label is { Length: > 0 } label ? $"{report.Scenario}: {label}" : report.Scenario;
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title} ({report.StartedAt:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{report.Command}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Code: commit `{report.Git.Commit}` ({report.Git.Subject}){(report.Git.Dirty ? ", with uncommitted changes in the working tree" : "")}{(report.StackRoot is { } stackRoot ? $"; the services ran from `{stackRoot}` (--stack-root)" : "")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {report.Machine.CpuModel}, {report.Machine.Cores} cores, {report.Machine.MemoryGb:0.#} GB RAM, Linux {report.Machine.Kernel}, {report.Machine.Runtime}; load average {report.LoadAverageBefore:0.0} before the load, {report.LoadAverageAfter:0.0} after");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Gateway {report.Gateway}; answer cache: {report.AnswerCache}{(report.AnswerCacheHitsDuringRun is { } hits ? $"; cache hits during the run (Gateway /metrics): {hits}" : "")}");
        if (report.Corpus is { } corpus)
        {
            var ready = corpus.Documents.Count(d => d.Status == "ready");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Corpus: {ready} of {corpus.Documents.Count} documents ready, {corpus.Chunks:N0} chunks, from {string.Join(", ", corpus.Folders.Select(f => $"`{f}`"))}{(corpus.Skipped.Count > 0 ? "; skipped: " + string.Join("; ", corpus.Skipped) : "")}");
            foreach (var failed in corpus.Documents.Where(d => d.Status != "ready"))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"  - {failed.Name}: {failed.Status}{(failed.Error is null ? "" : " — " + failed.Error)}");
            }
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- Questions: {report.EvalQuestions} evaluation questions ({string.Join(", ", report.QuestionFiles.Select(f => $"`{f}`"))}) and {report.BroadQuestions} broad ones, in rotation");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Full figures: [`{jsonFile}`]({jsonFile})");
        md.AppendLine();

        if (report.Phases.Count > 0)
        {
            md.AppendLine("| phase | generator | load | requests | req/s | answered/s | p50 | p95 | p99 | max | answered | not_found | refused | 503 | 429 | other | generator CPU |");
            md.AppendLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var phase in report.Phases)
            {
                var s = phase.Summary;
                var load = phase.Rate is { } rate ? $"{rate:0.#} req/s open loop" : $"{phase.Users} {(phase.Users == 1 ? "user" : "users")}, think {phase.ThinkS:0.##} s";
                var other = s.Count(Outcome.OtherHttp) + s.Count(Outcome.Timeout) + s.Count(Outcome.TransportError) + s.Count(Outcome.Dropped);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {phase.Name} | {phase.Generator} | {load} | {s.Requests:N0} | {s.RequestsPerSecond:0.0} | {s.AnsweredPerSecond:0.0} | {Ms(s.Latency.P50)} | {Ms(s.Latency.P95)} | {Ms(s.Latency.P99)} | {Ms(s.Latency.Max)} | {Pct(s, Outcome.Answered)} | {Pct(s, Outcome.NotFound)} | {Pct(s, Outcome.Refused)} | {Pct(s, Outcome.Unavailable503)} | {Pct(s, Outcome.TooMany429)} | {other:N0} | {phase.GeneratorCpuPercent:0.#} % ({phase.GeneratorCpuMsPerRequest:0.###} ms/req) |");
            }

            md.AppendLine();
            md.AppendLine("Latency columns in ms; outcome columns are counts (share of requests); \"other\" = other HTTP status, timeouts, transport errors and open-loop drops.");
            md.AppendLine();
            AppendAllocation(md, report.Phases);
            var classes = report.Phases.Where(p => p.Summary.ByClass is { Count: > 1 }).ToList();
            if (classes.Count > 0)
            {
                md.AppendLine("By question class (broad = words that match thousands of CSV rows):");
                md.AppendLine();
                md.AppendLine("| phase | class | n | p50 | p95 | p95 / overall p95 |");
                md.AppendLine("|---|---|--:|--:|--:|--:|");
                foreach (var phase in classes)
                {
                    foreach (var (name, latency) in phase.Summary.ByClass!)
                    {
                        var ratio = latency.P95 is { } p && phase.Summary.Latency.P95 is { } all && all > 0 ? $"{p / all:0.00}" : "–";
                        md.AppendLine(CultureInfo.InvariantCulture, $"| {phase.Name} | {name} | {latency.Count:N0} | {Ms(latency.P50)} | {Ms(latency.P95)} | {ratio} |");
                    }
                }

                md.AppendLine();
            }

            if (report.Phases.Sum(p => p.Summary.Cached) is var cached and > 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**Warning: {cached} responses were `cached: true`; the answer cache was on and these figures are not full-work measurements.**");
                md.AppendLine();
            }
        }

        if (report.Saturation is { } saturation)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"**Saturation:** at most **{saturation.MaxAnsweredPerSecond:0.0} answered req/s** (at {saturation.AtUsers} closed-loop users, no think time); highest total {saturation.MaxRequestsPerSecond:0.0} req/s. Stopped because {saturation.StopReason}.");
            md.AppendLine();
        }

        if (report.Overload is { } overload)
        {
            md.AppendLine(
                $"**Overload:** base rate {overload.BaseRate:0.0} req/s ({overload.BaseRateFrom}), ×{overload.Factor:0.#} = {overload.OverloadRate:0.0} req/s open loop. During the overload {overload.ShareAnswered:P1} were answered and {overload.Share503:P1} refused with 503"
                + (overload.Refusal503Latency is { } refusal ? $" (503 latency p50 {Ms(refusal.P50)} ms, p95 {Ms(refusal.P95)} ms, max {Ms(refusal.Max)} ms)" : "")
                + (overload.Refusals503WithoutRetryAfter is { } bare ? $"; {(bare == 0 ? "every 503 carried" : $"**{bare} 503s had no**")} Retry-After" : "")
                + $". Deadline {overload.DeadlineS:0.#} s: {(overload.EveryResponseWithinDeadline ? "every response came within it" : $"**{overload.OverDeadline} {(overload.OverDeadline == 1 ? "response (or timeout)" : "responses (or timeouts)")} came later**")}. "
                + $"p95 before the overload {Ms(overload.BeforeP95Ms)} ms; after it stopped, p95 was back {(overload.RecoveredAfterS is { } after ? $"after {after:0} s" : "**not within the recovery phase**")} ({overload.RecoveryRule}).");
            md.AppendLine();
            var recovery = report.Phases.FirstOrDefault(p => p.Name == "recovery")?.Summary.OverTime;
            if (recovery is { Count: > 0 })
            {
                md.AppendLine("p95 over time after the overload stopped:");
                md.AppendLine();
                md.AppendLine("| seconds after | requests | answered/s | 503 | p50 | p95 | max |");
                md.AppendLine("|--:|--:|--:|--:|--:|--:|--:|");
                foreach (var bucket in recovery)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {bucket.StartS:0} | {bucket.Requests} | {bucket.AnsweredPerSecond:0.0} | {bucket.Unavailable503} | {Ms(bucket.P50Ms)} | {Ms(bucket.P95Ms)} | {Ms(bucket.MaxMs)} |");
                }

                md.AppendLine();
            }
        }

        if (report.Resources.Count > 0)
        {
            md.AppendLine("Processes (CPU and RSS sampled from /proc during the load; found by the port they listen on):");
            md.AppendLine();
            md.AppendLine("| process | pid | found by | mean CPU % | max CPU % | RSS start MB | RSS end MB | RSS max MB |");
            md.AppendLine("|---|--:|---|--:|--:|--:|--:|--:|");
            foreach (var r in report.Resources)
            {
                md.AppendLine(r.Pid > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Pid} | {r.FoundBy} | {r.MeanCpuPercent:0.#} | {r.MaxCpuPercent:0.#} | {r.RssStartMb:0} | {r.RssEndMb:0} | {r.RssMaxMb:0} |")
                    : string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | – | {r.FoundBy} | {r.MeanCpuPercent:0.#} | {r.MaxCpuPercent:0.#} | – | – | – |"));
            }

            md.AppendLine();
        }

        if (report.Soak is { } soak)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"**Soak:** RSS after a {soak.WarmupS:0} s warm-up {(soak.AllFlat ? "stayed" : "did **not** stay")} within ±{soak.TolerancePercent:0} % of its post-warm-up median for every service.");
            md.AppendLine();
            md.AppendLine("| process | median MB | min MB | max MB | max deviation | slope MB/min | flat |");
            md.AppendLine("|---|--:|--:|--:|--:|--:|---|");
            foreach (var s in soak.Services)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {s.WarmRssMb:0} | {s.MinRssMb:0} | {s.MaxRssMb:0} | {s.MaxDeviationPercent:0.0} % | {s.SlopeMbPerMinute:0.00} | {(s.Flat ? "yes" : "**no**")} |");
            }

            md.AppendLine();
            AppendRssOverTime(md, report.Resources, 60);
        }

        if (report.Peer is { } peer)
        {
            var l = peer.Lucene;
            md.AppendLine(CultureInfo.InvariantCulture, $"**Peer comparison** (same questions, one at a time): {l.Engine}, {l.Chunks:N0} chunks indexed in {l.IndexSeconds:0.0} s; {peer.Note}");
            md.AppendLine();
            md.AppendLine("| | p50 ms | p95 ms | p50 / Lucene | p95 / Lucene |");
            md.AppendLine("|---|--:|--:|--:|--:|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Lucene.Net BM25 query (top 5 with text) | {Ms3(l.Query.P50)} | {Ms3(l.Query.P95)} | 1 | 1 |");
            if (peer.ServiceSearch is { } search)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| service `POST /v1/search` | {Ms(search.P50)} | {Ms(search.P95)} | {Ratio(peer.SearchP50Ratio)} | {Ratio(peer.SearchP95Ratio)} |");
            }

            if (peer.ServiceAsk is { } ask)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| service `POST /v1/ask` | {Ms(ask.P50)} | {Ms(ask.P95)} | {Ratio(peer.AskP50Ratio)} | {Ratio(peer.AskP95Ratio)} |");
            }

            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Lucene per class: {string.Join("; ", l.ByClass.Select(c => $"{c.Key} p50 {Ms3(c.Value.P50)} ms, p95 {Ms3(c.Value.P95)} ms, {l.MeanMatchingChunks.GetValueOrDefault(c.Key):N0} matching chunks on average"))}.");
            md.AppendLine();
        }

        foreach (var warning in report.Warnings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"> warning: {warning}");
        }

        if (report.Warnings.Count > 0)
        {
            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>One row per phase, one column per .NET service: KB allocated per answered question and GCs.</summary>
    public static void AppendAllocation(StringBuilder md, IReadOnlyList<PhaseReport> phases)
    {
        var services = phases.SelectMany(p => p.Allocation ?? []).Select(a => a.Name).Distinct().ToList();
        if (services.Count == 0)
        {
            return;
        }

        md.AppendLine("Managed allocation per request of each service (`dotnet_gc_heap_total_allocated_bytes_total` and `dotnet_gc_collections_total` from its /metrics before and after the phase): "
            + "KB per answered question / KB per 200 response (everything the service allocated in the phase, refusals and background work included, divided by those requests); GCs gen0/gen1/gen2 in the phase.");
        md.AppendLine();
        md.AppendLine("| phase | " + string.Join(" | ", services) + " |");
        md.AppendLine("|---|" + string.Concat(services.Select(_ => "--:|")));
        foreach (var phase in phases.Where(p => p.Allocation is { Count: > 0 }))
        {
            md.AppendLine($"| {phase.Name} | " + string.Join(" | ", services.Select(name =>
                phase.Allocation!.FirstOrDefault(a => a.Name == name) is { } a
                    ? string.Create(CultureInfo.InvariantCulture, $"{Kb(a.KbPerAnswered)} / {Kb(a.KbPerOk)} KB; gc {a.Gen0}/{a.Gen1}/{a.Gen2}")
                    : "–")) + " |");
        }

        md.AppendLine();
    }

    public static string Kb(double? value) => value is { } v ? v.ToString(v >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) : "–";

    private static void AppendRssOverTime(StringBuilder md, IReadOnlyList<ServiceResources> resources, double everyS)
    {
        var services = resources.Where(r => r.Pid > 0 && r.Samples.Count > 0).ToList();
        if (services.Count == 0)
        {
            return;
        }

        var end = services.Max(r => r.Samples[^1].TimeS);
        md.AppendLine("RSS (MB) over time:");
        md.AppendLine();
        md.AppendLine("| s | " + string.Join(" | ", services.Select(s => s.Name)) + " |");
        md.AppendLine("|--:|" + string.Concat(services.Select(_ => "--:|")));
        for (var t = 0.0; t <= end + 1e-9; t += everyS)
        {
            var at = t;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {at:0} | ") + string.Join(" | ", services.Select(s =>
                s.Samples.MinBy(x => Math.Abs(x.TimeS - at)) is { } x ? x.RssMb.ToString("0", CultureInfo.InvariantCulture) : "–")) + " |");
        }

        md.AppendLine();
    }

    private static string Pct(RunSummary s, Outcome outcome) =>
        s.Count(outcome) is var n and > 0 ? $"{n:N0} ({s.Share(outcome):P0})" : "0";

    public static string Ms(double? value) => value is { } v ? v.ToString(v >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) : "–";

    private static string Ms3(double? value) => value is { } v ? v.ToString(v >= 10 ? "0.0" : "0.000", CultureInfo.InvariantCulture) : "–";

    private static string Ratio(double? value) => value is { } v ? $"{v:N0}×" : "–";
}
