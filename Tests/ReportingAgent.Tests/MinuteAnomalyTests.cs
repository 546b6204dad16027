using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>
/// The per-minute series (median latency, cost, error share, not-found share) on synthetic ledgers: six hours of about 20
/// questions a minute with normal noise in latency and cost and random failures and not-founds (fixed seeds, five
/// of them). Nothing in the noise is flagged; a minute of slow answers, of expensive answers, of failures and of
/// not-founds injected into it is flagged in its own series at its own minute, and only there.
/// </summary>
public sealed class MinuteAnomalyTests
{
    private const double Threshold = 5.0;
    private const int Window = 120;
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange Scored = new(Start.AddMinutes(Window), Start.AddHours(6));

    [Fact]
    public void Noise_is_not_flagged_in_any_minute_series()
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var anomalies = MinuteSeries.Find(Ledger(seed, spikes: new Dictionary<int, Spike>()), Scored, Window, Threshold);

            Assert.True(anomalies.Count == 0, $"seed {seed}: " + string.Join("; ", anomalies));
        }
    }

    [Fact]
    public void Injected_spikes_are_flagged_in_their_series_at_their_minute()
    {
        var spikes = new Dictionary<int, Spike>
        {
            [150] = Spike.Slow,
            [180] = Spike.Expensive,
            [210] = Spike.Failing,
            [240] = Spike.NotFound,
        };
        for (var seed = 1; seed <= 5; seed++)
        {
            var anomalies = MinuteSeries.Find(Ledger(seed, spikes), Scored, Window, Threshold);

            Assert.Equal(
                [
                    (MinuteSeries.LatencyP50Ms, Start.AddMinutes(150)),
                    (MinuteSeries.CostUsd, Start.AddMinutes(180)),
                    (MinuteSeries.ErrorRatio, Start.AddMinutes(210)),
                    (MinuteSeries.NotFoundRatio, Start.AddMinutes(240)),
                ],
                anomalies.Select(a => (a.Series, a.Minute)));
        }
    }

    [Fact]
    public void One_slow_question_among_a_few_is_not_a_latency_anomaly()
    {
        // Three questions a minute; every tenth minute one of them takes 6 s. The minute's median does not move.
        var entries = new List<LedgerEntry>();
        var random = new Random(7);
        for (var minute = 0; minute < 360; minute++)
        {
            for (var q = 0; q < 3; q++)
            {
                var latency = minute % 10 == 0 && q == 0 ? 6000 : 400 + Normal(random) * 40;
                entries.Add(Entry($"m{minute}-{q}", Start.AddMinutes(minute).AddSeconds(q * 15), AnswerStatus.Answered, latency, 0.001m));
            }
        }

        Assert.Empty(MinuteSeries.Find(entries, Scored, Window, Threshold));
    }

    [Fact]
    public void The_latest_minute_is_scored_for_the_gauge()
    {
        var entries = Ledger(seed: 3, new Dictionary<int, Spike> { [200] = Spike.Failing });

        var scores = MinuteSeries.LatestScores(entries, Start.AddMinutes(201).AddSeconds(20), Window);

        Assert.Equal(MinuteSeries.Names.Order(), scores.Keys.Order());
        Assert.True(scores[MinuteSeries.ErrorRatio] >= Threshold, $"error score {scores[MinuteSeries.ErrorRatio]}");
        Assert.True(scores[MinuteSeries.LatencyP50Ms] < Threshold, $"latency score {scores[MinuteSeries.LatencyP50Ms]}");
    }

    private enum Spike { Slow, Expensive, Failing, NotFound }

    /// <summary>Six hours from <see cref="Start"/>, 18–22 questions a minute.</summary>
    private static List<LedgerEntry> Ledger(int seed, IReadOnlyDictionary<int, Spike> spikes)
    {
        var random = new Random(seed);
        var entries = new List<LedgerEntry>();
        for (var minute = 0; minute < 360; minute++)
        {
            var spike = spikes.TryGetValue(minute, out var s) ? s : (Spike?)null;
            var count = random.Next(18, 23);
            for (var q = 0; q < count; q++)
            {
                var failed = spike == Spike.Failing ? q % 2 == 0 : random.NextDouble() < 0.01;
                var notFound = !failed && (spike == Spike.NotFound ? q % 4 != 0 : random.NextDouble() < 0.1);
                var latency = (spike == Spike.Slow ? 1900 : 400) + Normal(random) * 60;
                var cost = (spike == Spike.Expensive ? 0.01m : 0.001m) * (decimal)(1 + Normal(random) * 0.2);
                var status = failed ? AnswerStatus.Failed : notFound ? AnswerStatus.NotFound : AnswerStatus.Answered;
                entries.Add(Entry($"s{seed}-{minute}-{q}", Start.AddMinutes(minute).AddSeconds(q * 60.0 / count), status, latency, failed ? 0 : cost));
            }
        }

        return entries;
    }

    private static LedgerEntry Entry(string id, DateTimeOffset at, string status, double latencyMs, decimal cost) =>
        new(id, at, status, Intents.Documents, Math.Max(1, latencyMs), [AgentNames.Retrieval], "pass", 1)
        {
            Usage = new AnswerUsage(1000, 100, Math.Max(0, cost), "gpt-4o-mini"),
        };

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
