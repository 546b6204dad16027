namespace Switchboard.Load.Stats;

/// <summary>Requests per second and latency in one time bucket of a run.</summary>
public sealed record TimeBucket(double StartS, int Requests, int Answered, int Unavailable503, double RequestsPerSecond, double AnsweredPerSecond, double? P50Ms, double? P95Ms, double? MaxMs);

/// <summary>What one phase of load produced: throughput, latency, outcomes, per question class and over time.</summary>
public sealed record RunSummary
{
    public required double DurationS { get; init; }

    /// <summary>Requests sent (dropped ones excluded).</summary>
    public required int Requests { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double AnsweredPerSecond { get; init; }

    /// <summary>Latency of every request that got an HTTP response.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Latency of the <c>answered</c> ones.</summary>
    public LatencySummary? AnsweredLatency { get; init; }

    /// <summary>Latency of the 503 refusals (how fast overload is refused).</summary>
    public LatencySummary? Refusal503Latency { get; init; }

    /// <summary>503 responses without a <c>Retry-After</c> header (null where the generator cannot tell, as with wrk).</summary>
    public int? Refusals503WithoutRetryAfter { get; init; }

    /// <summary>Counts by outcome name (answered, not_found, refused, 503, 429, other_http, timeout, transport_error, dropped).</summary>
    public required IReadOnlyDictionary<string, int> Outcomes { get; init; }

    /// <summary>Responses marked <c>cached: true</c> (must be 0 for a valid measurement).</summary>
    public int Cached { get; init; }

    /// <summary>Latency per question class (eval, broad).</summary>
    public IReadOnlyDictionary<string, LatencySummary>? ByClass { get; init; }

    public IReadOnlyList<TimeBucket>? OverTime { get; init; }

    /// <summary>Responses (or timeouts) later than the deadline.</summary>
    public int? OverDeadline { get; init; }

    public int Count(Outcome outcome) => Outcomes.GetValueOrDefault(OutcomeNames.Of(outcome));

    public double Share(Outcome outcome) => Requests == 0 ? 0 : (double)Count(outcome) / Requests;

    public static RunSummary FromRecords(IReadOnlyCollection<RequestRecord> records, double durationS, double bucketS = 5, double? deadlineMs = null, double originMs = 0)
    {
        var sent = records.Where(r => r.Outcome != Outcome.Dropped).ToList();
        var responded = sent.Where(r => r.HttpStatus != 0).ToList();
        var outcomes = Enum.GetValues<Outcome>().ToDictionary(OutcomeNames.Of, o => records.Count(r => r.Outcome == o));
        var answered = sent.Count(r => r.Outcome == Outcome.Answered);
        var refusals = responded.Where(r => r.Outcome == Outcome.Unavailable503).Select(r => r.LatencyMs).ToList();
        var byClass = Enum.GetValues<QuestionClass>()
            .Where(c => responded.Any(r => r.Class == c))
            .ToDictionary(c => c.ToString().ToLowerInvariant(), c => LatencySummary.Of(responded.Where(r => r.Class == c).Select(r => r.LatencyMs)));
        var duration = Math.Max(durationS, 1e-9);
        return new RunSummary
        {
            DurationS = durationS,
            Requests = sent.Count,
            RequestsPerSecond = sent.Count / duration,
            AnsweredPerSecond = answered / duration,
            Latency = LatencySummary.Of(responded.Select(r => r.LatencyMs)),
            AnsweredLatency = LatencySummary.Of(responded.Where(r => r.Outcome == Outcome.Answered).Select(r => r.LatencyMs)),
            Refusal503Latency = refusals.Count == 0 ? null : LatencySummary.Of(refusals),
            Refusals503WithoutRetryAfter = responded.Count(r => r.Outcome == Outcome.Unavailable503 && r.RetryAfterS < 0),
            Outcomes = outcomes,
            Cached = sent.Count(r => r.Cached),
            ByClass = byClass,
            OverTime = Buckets(sent, durationS, bucketS, originMs),
            OverDeadline = deadlineMs is { } deadline ? sent.Count(r => r.LatencyMs > deadline || r.Outcome == Outcome.Timeout) : null,
        };
    }

    /// <summary>Requests grouped by start time into buckets of <paramref name="bucketS"/> seconds from <paramref name="originMs"/>.</summary>
    public static IReadOnlyList<TimeBucket> Buckets(IReadOnlyCollection<RequestRecord> sent, double durationS, double bucketS, double originMs = 0)
    {
        var buckets = new List<TimeBucket>();
        if (bucketS <= 0 || durationS <= 0)
        {
            return buckets;
        }

        // A last bucket shorter than 2 % of a bucket (the phase ran a few ms over) is folded into the one before.
        var count = Math.Max(1, (int)Math.Ceiling(durationS / bucketS - 0.02));
        var groups = sent.GroupBy(r => Math.Clamp((int)((r.StartMs - originMs) / 1000 / bucketS), 0, Math.Max(count - 1, 0)))
            .ToDictionary(g => g.Key, g => g.ToList());
        for (var i = 0; i < count; i++)
        {
            var width = i == count - 1 ? durationS - i * bucketS : bucketS;
            var items = groups.GetValueOrDefault(i) ?? [];
            var latencies = LatencySummary.Of(items.Where(r => r.HttpStatus != 0).Select(r => r.LatencyMs));
            var answered = items.Count(r => r.Outcome == Outcome.Answered);
            buckets.Add(new TimeBucket(i * bucketS, items.Count, answered, items.Count(r => r.Outcome == Outcome.Unavailable503),
                items.Count / width, answered / width, latencies.P50, latencies.P95, latencies.Max));
        }

        return buckets;
    }
}
