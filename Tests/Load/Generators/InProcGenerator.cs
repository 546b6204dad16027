using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Switchboard.Load.Stats;
using Switchboard.Load.Workload;

namespace Switchboard.Load.Generators;

/// <summary>One open-loop phase: its records (complete once <see cref="Drained"/> has completed), start and sending time.</summary>
public sealed record OpenLoopRun(ConcurrentQueue<RequestRecord> Records, double StartMs, double DurationS, Task Drained);

/// <summary>
/// The in-process load generator: one <see cref="HttpClient"/> over a <see cref="SocketsHttpHandler"/> with one pooled
/// connection per virtual user, pre-serialised bodies, and a reader that looks only at the response's top-level
/// <c>status</c>/<c>cached</c>. Every loop is bounded by a deadline and a request budget.
/// </summary>
public sealed class InProcGenerator(HttpClient http, QuestionSet questions, TimeSpan requestTimeout) 
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly long _origin = Stopwatch.GetTimestamp();
    private int _next = -1;
    private int _inFlight;

    /// <summary>Milliseconds since this generator was created (every record's <see cref="RequestRecord.StartMs"/> is on this clock).</summary>
    public double NowMs => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    public LoadQuestion NextQuestion()
    {
        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)questions.Questions.Count);
        return questions.Questions[index];
    }

    /// <summary>
    /// <paramref name="users"/> virtual users, each: ask, wait <paramref name="think"/>, repeat, until
    /// <paramref name="duration"/> is over or <paramref name="maxRequests"/> were sent. Users start spread over one think time.
    /// With <paramref name="honorRetryAfter"/>, a user refused with a 503/429 that carries <c>Retry-After</c> waits that long
    /// (or its think time, if longer) before its next request, as a well-behaved client does; otherwise it asks again at once.
    /// </summary>
    public async Task<(List<RequestRecord> Records, double DurationS)> ClosedLoopAsync(
        int users, TimeSpan think, TimeSpan duration, long maxRequests, byte phase, CancellationToken cancellationToken, string path = "/v1/ask", bool honorRetryAfter = true)
    {
        var start = NowMs;
        var stopAt = start + duration.TotalMilliseconds;
        var budget = maxRequests;
        var lists = new List<RequestRecord>[users];
        var tasks = new Task[users];
        for (var u = 0; u < users; u++)
        {
            var user = u;
            lists[user] = [];
            tasks[user] = Task.Run(async () =>
            {
                if (think > TimeSpan.Zero && users > 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(think.TotalMilliseconds, 1000) * user / users), cancellationToken);
                }

                while (NowMs < stopAt && Interlocked.Decrement(ref budget) >= 0)
                {
                    var record = await SendAsync(NextQuestion(), phase, path, cancellationToken);
                    lists[user].Add(record);
                    var pause = honorRetryAfter && record.AsksToRetryLater ? Math.Max(think.TotalMilliseconds, record.RetryAfterS * 1000.0) : think.TotalMilliseconds;
                    if (pause > 0)
                    {
                        var remaining = stopAt - NowMs;
                        if (remaining <= 0)
                        {
                            break;
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(pause, remaining)), cancellationToken);
                    }
                }
            }, cancellationToken);
        }

        await Task.WhenAll(tasks);
        return (lists.SelectMany(l => l).ToList(), (NowMs - start) / 1000);
    }

    /// <summary>
    /// Open loop: requests are started at a fixed <paramref name="rate"/> per second whatever the responses do (so an
    /// overloaded service cannot slow the arrivals down), with at most <paramref name="maxInFlight"/> outstanding; a
    /// request due while the cap is reached is recorded as <see cref="Outcome.Dropped"/>. Returns when the last request
    /// of the phase has been started: the next phase's arrivals follow at once, while this phase's requests may still
    /// be in flight (<see cref="OpenLoopRun.Drained"/> completes when they are done).
    /// </summary>
    public async Task<OpenLoopRun> OpenLoopAsync(double rate, TimeSpan duration, int maxInFlight, byte phase, CancellationToken cancellationToken)
    {
        var records = new ConcurrentQueue<RequestRecord>();
        var running = new List<Task>();
        var start = NowMs;
        var total = (long)Math.Floor(rate * duration.TotalSeconds);
        for (long i = 0; i < total; i++)
        {
            var due = start + i * 1000.0 / rate;
            var wait = due - NowMs;
            if (wait >= 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
            }

            var question = NextQuestion();
            if (Volatile.Read(ref _inFlight) >= maxInFlight)
            {
                records.Enqueue(new RequestRecord(NowMs, 0, Outcome.Dropped, question.Class, 0, false, phase));
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    records.Enqueue(await SendAsync(question, phase, "/v1/ask", cancellationToken));
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }, cancellationToken));
            if (running.Count > 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }

        // The phase lasts its full duration even when the last arrival was due a little earlier.
        var end = start + duration.TotalMilliseconds;
        if (end - NowMs >= 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(end - NowMs), cancellationToken);
        }

        return new OpenLoopRun(records, start, (NowMs - start) / 1000, Task.WhenAll(running));
    }

    /// <summary>Whole seconds of a <c>Retry-After</c> (delta or date), or -1 without one.</summary>
    public static short RetryAfterSeconds(RetryConditionHeaderValue? retryAfter) => retryAfter switch
    {
        { Delta: { } delta } => (short)Math.Clamp(Math.Ceiling(delta.TotalSeconds), 0, 3600),
        { Date: { } date } => (short)Math.Clamp(Math.Ceiling((date - DateTimeOffset.UtcNow).TotalSeconds), 0, 3600),
        _ => -1,
    };

    /// <summary>One request: its start, latency and outcome. <c>/v1/search</c> counts a 200 as answered.</summary>
    public async Task<RequestRecord> SendAsync(LoadQuestion question, byte phase, string path, CancellationToken cancellationToken)
    {
        var search = path == "/v1/search";
        var startMs = NowMs;
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            var content = new ByteArrayContent(search ? question.SearchBody : question.AskBody);
            content.Headers.ContentType = Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = (int)response.StatusCode;
            var cached = false;
            var outcome = search
                ? status == 200 ? Outcome.Answered : AskResponseParser.Classify(status, body, out _)
                : AskResponseParser.Classify(status, body, out cached);
            return new RequestRecord(startMs, latency, outcome, question.Class, status, cached, phase, RetryAfterSeconds(response.Headers.RetryAfter));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RequestRecord(startMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Outcome.Timeout, question.Class, 0, false, phase);
        }
        catch (HttpRequestException)
        {
            return new RequestRecord(startMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Outcome.TransportError, question.Class, 0, false, phase);
        }
    }
}
