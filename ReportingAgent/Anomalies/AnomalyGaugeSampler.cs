using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>
/// <c>switchboard_anomaly_score{series}</c>: the robust score (<see cref="RobustDetector"/>) of the last complete UTC hour
/// of each <see cref="HourlySeries"/> against the <see cref="ReportingOptions.AnomalyWindowHours"/> hours before it,
/// computed from the ledger every <see cref="ReportingOptions.AnomalySampleInterval"/>. 0 while there is too little history.
/// Every replica reads the same ledger: aggregate with <c>max</c>.
/// </summary>
public sealed partial class AnomalyGaugeSampler(
    LedgerStore ledger,
    IOptions<ReportingOptions> options,
    TimeProvider clock,
    ILogger<AnomalyGaugeSampler> logger) : BackgroundService
{
    private static IReadOnlyDictionary<string, double>? _scores;

    static AnomalyGaugeSampler()
    {
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.anomaly.score", Observe, "{score}",
            "Robust anomaly score of the last complete hour (deviation above the rolling median in MADs), by series");
    }

    public async Task<IReadOnlyDictionary<string, double>> SampleOnceAsync()
    {
        var now = clock.GetUtcNow();
        var window = options.Value.AnomalyWindowHours;
        var end = HourlySeries.HourOf(now);
        var entries = await ledger.ReadAsync(new TimeRange(end.AddHours(-window - 1), end));
        var scores = HourlySeries.LatestScores(entries, now, window);
        _scores = scores;
        return scores;
    }

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

    private static IEnumerable<Measurement<double>> Observe()
    {
        if (_scores is { } scores)
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
