using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>
/// <c>switchboard_anomaly_score{series}</c>: the robust score (<see cref="RobustDetector"/>) of the last complete UTC hour
/// of each <see cref="HourlySeries"/> against the <see cref="ReportingOptions.AnomalyWindowHours"/> hours before it, and
/// <c>switchboard_anomaly_minute_score{series}</c>: that of the last complete minute of each <see cref="MinuteSeries"/>
/// against the <see cref="ReportingOptions.AnomalyWindowMinutes"/> minutes before it; computed from the ledger every <see cref="ReportingOptions.AnomalySampleInterval"/>. 0 while there is too little history.
/// Every replica reads the same ledger: aggregate with <c>max</c>.
/// </summary>
public sealed partial class AnomalyGaugeSampler(
    LedgerStore ledger,
    IOptions<ReportingOptions> options,
    TimeProvider clock,
    ILogger<AnomalyGaugeSampler> logger) : BackgroundService
{
    private readonly SettledBuckets _hours = new(TimeSpan.FromHours(1), HourlySeries.Build);
    private readonly SettledBuckets _minutes = new(TimeSpan.FromMinutes(1), MinuteSeries.Build);

    private static IReadOnlyDictionary<string, double>? _scores;
    private static IReadOnlyDictionary<string, double>? _minuteScores;

    static AnomalyGaugeSampler()
    {
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.anomaly.score", () => Observe(_scores), "{score}",
            "Robust anomaly score of the last complete hour (deviation above the rolling median in MADs), by series");
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.anomaly.minute_score", () => Observe(_minuteScores), "{score}",
            "Robust anomaly score of the last complete minute against the minutes before it, by series");
    }

    /// <summary>The hourly scores (returned) and the per-minute ones (<see cref="MinuteScores"/>), published as the gauges.</summary>
    public async Task<IReadOnlyDictionary<string, double>> SampleOnceAsync()
    {
        var now = clock.GetUtcNow();
        var window = options.Value.AnomalyWindowHours;
        var end = HourlySeries.HourOf(now);
        var hourly = await _hours.SeriesAsync(end.AddHours(-window - 1), end, now, ledger.ReadAsync);
        var scores = LedgerBuckets.LatestScores(hourly, name => HourlySeries.Detector(name, window));
        _scores = scores;

        var windowMinutes = options.Value.AnomalyWindowMinutes;
        var minuteEnd = MinuteSeries.MinuteOf(now);
        var perMinute = await _minutes.SeriesAsync(minuteEnd.AddMinutes(-windowMinutes - 1), minuteEnd, now, ledger.ReadAsync);
        _minuteScores = MinuteScores = LedgerBuckets.LatestScores(perMinute, name => MinuteSeries.Detector(name, windowMinutes));
        return scores;
    }

    /// <summary>The per-minute scores of the last sample.</summary>
    public IReadOnlyDictionary<string, double> MinuteScores { get; private set; } = new Dictionary<string, double>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnomalySampleInterval, clock);
        do
        {
            try
            {
                await SampleOnceAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSampleFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static IEnumerable<Measurement<double>> Observe(IReadOnlyDictionary<string, double>? current)
    {
        if (current is { } scores)
        {
            foreach (var (series, score) in scores)
            {
                yield return new Measurement<double>(score, new KeyValuePair<string, object?>("series", series));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing the anomaly scores from the ledger failed; trying again at the next interval")]
    private partial void LogSampleFailed(Exception exception);
}
