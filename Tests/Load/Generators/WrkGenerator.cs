using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchboard.Load.Cli;
using Switchboard.Load.Monitoring;
using Switchboard.Load.Stats;
using Switchboard.Load.Workload;

namespace Switchboard.Load.Generators;

/// <summary>What one wrk run reported, read from the JSON line its <c>done()</c> hook prints.</summary>
public sealed record WrkResult(RunSummary Summary, double GeneratorCpuSeconds, string CommandLine);

/// <summary>
/// Debian's <c>wrk</c> driven by a generated Lua script: <c>request()</c> rotates through the questions,
/// <c>delay()</c> is the think time, <c>response()</c> counts the outcome from the top-level <c>status</c>, and
/// <c>done()</c> prints one JSON line with the counts and wrk's latency percentiles. wrk measures only one latency
/// distribution, so per-class latencies, 503 latencies and time series need the in-process generator.
/// </summary>
public static class WrkGenerator
{
    public static string? Locate() =>
        new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    public static async Task<WrkResult> RunAsync(
        Uri gateway, QuestionSet questions, int connections, int threads, TimeSpan think, TimeSpan duration, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var wrk = Locate() ?? throw new UsageException("wrk is not installed (apt-get install -y wrk), so --generator wrk cannot run.");
        var directory = Directory.CreateTempSubdirectory("switchboard-load-");
        try
        {
            var script = Path.Combine(directory.FullName, "ask.lua");
            await File.WriteAllTextAsync(script, Script(questions, think), cancellationToken);
            threads = Math.Clamp(threads, 1, connections);
            var start = new ProcessStartInfo(wrk)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "-t", threads.ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}s",
                "--timeout", $"{Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds))}s",
                "-s", script,
                new Uri(gateway, "/v1/ask").ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            var commandLine = "wrk " + string.Join(' ', start.ArgumentList.Select(a => a == script ? "ask.lua" : a));
            var before = ProcStat.ChildrenCpuSeconds();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            hardStop.CancelAfter(duration + timeout + TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(hardStop.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout;
            var errors = await stderr;
            var generatorCpu = ProcStat.ChildrenCpuSeconds() - before;
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("LOADJSON ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {errors.Trim()} {output.Trim()}");
            return new WrkResult(Parse(line["LOADJSON ".Length..]), generatorCpu, commandLine);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The summary from the JSON that the script's <c>done()</c> prints (latencies in microseconds).</summary>
    public static RunSummary Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        int Int(string name) => root.GetProperty(name).GetInt32();
        double Ms(string name) => root.GetProperty(name).GetDouble() / 1000.0;
        var durationS = root.GetProperty("durationUs").GetDouble() / 1e6;
        var timeouts = Int("timeouts");
        var transport = Int("connectErrors") + Int("readErrors") + Int("writeErrors");
        var outcomes = Enum.GetValues<Outcome>().ToDictionary(OutcomeNames.Of, _ => 0);
        outcomes["answered"] = Int("answered");
        outcomes["not_found"] = Int("notFound");
        outcomes["refused"] = Int("refused");
        outcomes["503"] = Int("s503");
        outcomes["429"] = Int("s429");
        outcomes["other_http"] = Int("other");
        outcomes["timeout"] = timeouts;
        outcomes["transport_error"] = transport;
        var responded = Int("requests");
        var sent = responded + timeouts + transport;
        var duration = Math.Max(durationS, 1e-9);
        return new RunSummary
        {
            DurationS = durationS,
            Requests = sent,
            RequestsPerSecond = sent / duration,
            AnsweredPerSecond = outcomes["answered"] / duration,
            Latency = responded == 0
                ? LatencySummary.Empty
                : new LatencySummary(responded, Ms("p50"), Ms("p95"), Ms("p99"), Ms("max"), Ms("mean")),
            Outcomes = outcomes,
            Cached = Int("cached"),
        };
    }

    /// <summary>The Lua script: questions as escaped Lua strings, counters as thread globals summed in <c>done()</c>.</summary>
    public static string Script(QuestionSet questions, TimeSpan think)
    {
        var lua = new StringBuilder();
        lua.AppendLine("-- Generated by Tests/Load (Switchboard load tool). Rotates through the questions; counts outcomes.");
        lua.AppendLine("bodies = {");
        foreach (var question in questions.Questions)
        {
            lua.Append("  ").Append(LuaString(Encoding.UTF8.GetString(question.AskBody))).AppendLine(",");
        }

        lua.AppendLine("}");
        lua.AppendLine(CultureInfo.InvariantCulture, $"think_ms = {(int)Math.Round(think.TotalMilliseconds)}");
        lua.AppendLine("""
            headers = { ["Content-Type"] = "application/json" }
            answered, notFound, refused, s503, s429, other, cached = 0, 0, 0, 0, 0, 0, 0
            counter = 0
            local threads = {}
            local names = { "answered", "notFound", "refused", "s503", "s429", "other", "cached" }

            function setup(thread)
              thread:set("offset", #threads * 17)
              table.insert(threads, thread)
            end

            function init(args)
              counter = offset or 0
            end

            function request()
              counter = counter + 1
              return wrk.format("POST", nil, headers, bodies[(counter % #bodies) + 1])
            end

            function response(status, hdrs, body)
              if status == 200 then
                local s = string.match(body, '"status":"([%w_]+)"')
                if s == "answered" then answered = answered + 1
                elseif s == "not_found" then notFound = notFound + 1
                elseif s then refused = refused + 1
                else other = other + 1 end
                if string.find(body, '"cached":true', 1, true) then cached = cached + 1 end
              elseif status == 503 then s503 = s503 + 1
              elseif status == 429 then s429 = s429 + 1
              else other = other + 1 end
            end

            function done(summary, latency, requests)
              local totals = {}
              for _, name in ipairs(names) do totals[name] = 0 end
              for _, thread in ipairs(threads) do
                for _, name in ipairs(names) do totals[name] = totals[name] + (thread:get(name) or 0) end
              end
              local e = summary.errors
              io.write(string.format(
                'LOADJSON {"requests":%d,"durationUs":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,' ..
                '"p50":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.1f,"answered":%d,"notFound":%d,"refused":%d,"s503":%d,"s429":%d,"other":%d,"cached":%d}\n',
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
                totals.answered, totals.notFound, totals.refused, totals.s503, totals.s429, totals.other, totals.cached))
            end
            """);
        if (think > TimeSpan.Zero)
        {
            // Only when there is a think time: with delay() defined wrk schedules every request on a timer.
            lua.AppendLine("function delay()\n  return think_ms\nend");
        }

        return lua.ToString();
    }

    private static string LuaString(string text)
    {
        var escaped = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and < 0x7f && b != (byte)'"' && b != (byte)'\\')
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
        }

        return escaped.Append('"').ToString();
    }
}
