using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>
/// The robust detector on synthetic hourly series (fixed seeds, so every run sees the same noise): a spike and a step
/// change are flagged, steady noise, a slow trend and a daily cycle are not.
/// </summary>
public sealed class AnomalyDetectorTests
{
    private const double Threshold = 5.0;
    private static readonly RobustDetector Detector = new(48, 0.1, 0.05); // the defaults: 48 hours, flagged from 5

    [Fact]
    public void A_spike_is_flagged_at_its_hour_and_nowhere_else()
    {
        var series = Noise(seed: 1, count: 96, level: 10, sd: 0.5);
        series[70] = 25;

        var flagged = Flagged(Detector.Scores(series));

        Assert.Equal([70], flagged);
    }

    [Fact]
    public void A_step_change_is_flagged_from_its_first_hour_until_it_becomes_the_new_normal()
    {
        var series = Noise(seed: 2, count: 120, level: 10, sd: 0.5);
        for (var i = 60; i < series.Length; i++)
        {
            series[i] += 10;
        }

        var flagged = Flagged(Detector.Scores(series));

        Assert.Contains(60, flagged);
        Assert.All(flagged, hour => Assert.InRange(hour, 60, 60 + 48 / 2));
        Assert.DoesNotContain(series.Length - 1, flagged);
    }

    [Fact]
    public void Steady_noise_is_not_flagged_beyond_a_rare_false_alarm()
    {
        // Two weeks of hourly noise, ten times: within the 10 % floor (sd 1 on 10) nothing is flagged; well beyond it
        // (sd 3) a normal draw four standard deviations out against a window that happened to be tight can score 5, so
        // the bar is a rate: at most 1 hour in 2,000 (a false alarm a quarter per series), where a threshold of 3 would
        // flag dozens.
        var flaggedHours = 0;
        foreach (var sd in new[] { 1.0, 3.0 })
        {
            for (var seed = 10; seed < 20; seed++)
            {
                var flagged = Flagged(Detector.Scores(Noise(seed, count: 24 * 14, level: 10, sd: sd)));
                Assert.True(sd > 1 || flagged.Count == 0, $"sd {sd}, seed {seed}: flagged {string.Join(", ", flagged)}");
                flaggedHours += flagged.Count;
            }
        }

        Assert.True(flaggedHours <= 2 * 10 * 24 * 14 / 2000, $"{flaggedHours} of {2 * 10 * 24 * 14} noisy hours flagged");
    }

    [Fact]
    public void A_slow_trend_is_not_flagged_whatever_its_slope()
    {
        foreach (var slope in new[] { 0.05, 0.5, 5.0 })
        {
            var series = Noise(seed: 3, count: 24 * 10, level: 10, sd: 0.5);
            for (var i = 0; i < series.Length; i++)
            {
                series[i] += slope * i;
            }

            Assert.Empty(Flagged(Detector.Scores(series)));
        }
    }

    [Fact]
    public void A_daily_cycle_is_not_flagged_but_a_spike_on_top_of_it_is()
    {
        var series = Noise(seed: 4, count: 24 * 7, level: 20, sd: 0.5);
        for (var i = 0; i < series.Length; i++)
        {
            series[i] += 10 * Math.Sin(2 * Math.PI * i / 24);
        }

        Assert.Empty(Flagged(Detector.Scores(series)));

        series[24 * 5 + 6] += 60;
        Assert.Equal([24 * 5 + 6], Flagged(Detector.Scores(series)));
    }

    [Fact]
    public void Too_little_history_and_a_drop_score_zero()
    {
        Assert.Equal(0, Detector.Score([1, 2, 3], 100));
        Assert.Equal(0, Detector.Score(Enumerable.Repeat(10.0, 48).ToList(), 2));
    }

    [Fact]
    public void A_flat_series_needs_more_than_its_floor_to_score()
    {
        var flat = Enumerable.Repeat(10.0, 48).ToList();

        Assert.True(Detector.Score(flat, 10.5) < Threshold); // 0.5 is half the 10 % floor of 10
        Assert.True(Detector.Score(flat, 20) >= Threshold);
    }

    [Fact]
    public void Hourly_series_from_the_ledger_flag_an_hour_of_expensive_slow_questions()
    {
        var start = new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(5);
        var entries = new List<LedgerEntry>();
        for (var hour = 0; hour < 48; hour++)
        {
            var spike = hour == 40;
            for (var q = 0; q < 10; q++)
            {
                entries.Add(new LedgerEntry($"a-{hour}-{q}", start.AddHours(hour).AddMinutes(q * 5), "answered", "documents",
                    (spike ? 9000 : 400) + random.Next(0, 100), ["retrieval"], "pass", 1)
                {
                    Usage = new AgentCore.AI.Usage.AnswerUsage(1000, 100, spike ? 0.5m : 0.01m, "gpt-4o-mini"),
                });
            }
        }

        var anomalies = HourlySeries.Find(entries, new TimeRange(start.AddHours(24), start.AddHours(48)), 24, Threshold);

        Assert.Equal(
            [(HourlySeries.CostUsd, start.AddHours(40)), (HourlySeries.LatencyP95Ms, start.AddHours(40))],
            anomalies.Select(a => (a.Series, a.Hour)));
        var cost = anomalies.Single(a => a.Series == HourlySeries.CostUsd);
        Assert.Equal(5.0, cost.Value, 3);
        Assert.Equal(0.1, cost.Baseline, 3);

        var latest = HourlySeries.LatestScores(entries, start.AddHours(41).AddMinutes(10), 24);
        Assert.True(latest[HourlySeries.CostUsd] >= Threshold, $"cost score {latest[HourlySeries.CostUsd]}");
        Assert.Equal(0, latest[HourlySeries.Questions]);
    }

    private static double?[] Noise(int seed, int count, double level, double sd)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            // Box-Muller: normal noise from two uniform draws.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return (double?)(level + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }).ToArray();
    }

    private static List<int> Flagged(IReadOnlyList<double?> scores) =>
        scores.Select((score, i) => (score, i)).Where(p => p.score >= Threshold).Select(p => p.i).ToList();
}
