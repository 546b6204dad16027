using Microsoft.Extensions.Options;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>
/// The anomalous hours and minutes of a range (<c>GET /reports/anomalies</c>, the review, the usage answers): hours over
/// the whole range, minutes over its last <see cref="ReportingOptions.MinuteAnomalyLookback"/>, each against the window
/// before it, read from the ledger.
/// </summary>
public sealed class AnomalyFinder(LedgerStore ledger, IOptions<ReportingOptions> options)
{
    public async Task<AnomalyReport> FindAsync(TimeRange range) => Find(range, await ReadAsync(range));

    /// <summary>The ledger entries <see cref="Find"/> needs for <paramref name="range"/>: the range and the windows before it.</summary>
    public Task<IReadOnlyList<LedgerEntry>> ReadAsync(TimeRange range)
    {
        var o = options.Value;
        var hoursFrom = HourlySeries.HourOf(range.From).AddHours(-o.AnomalyWindowHours);
        var minutesFrom = MinuteSeries.MinuteOf(MinuteSeries.Recent(range, o.MinuteAnomalyLookback).From).AddMinutes(-o.AnomalyWindowMinutes);
        return ledger.ReadAsync(new TimeRange(hoursFrom < minutesFrom ? hoursFrom : minutesFrom, range.To));
    }

    /// <param name="entries">The ledger entries from <see cref="ReadAsync"/> (or more).</param>
    public AnomalyReport Find(TimeRange range, IReadOnlyList<LedgerEntry> entries)
    {
        var o = options.Value;
        var recent = MinuteSeries.Recent(range, o.MinuteAnomalyLookback);
        return new AnomalyReport(range.From, range.To, o.AnomalyWindowHours, o.AnomalyThreshold,
            HourlySeries.Find(entries, range, o.AnomalyWindowHours, o.AnomalyThreshold))
        {
            WindowMinutes = o.AnomalyWindowMinutes,
            MinutesFrom = recent.From,
            Minutes = MinuteSeries.Find(entries, recent, o.AnomalyWindowMinutes, o.AnomalyThreshold),
        };
    }
}

/// <summary>
/// The anomalous hours of a range and the detector's settings; <see cref="Minutes"/> are the anomalous minutes from
/// <see cref="MinutesFrom"/> (the range's last <c>Reporting:MinuteAnomalyLookback</c>) to the end.
/// </summary>
public sealed record AnomalyReport(DateTimeOffset From, DateTimeOffset To, int WindowHours, double Threshold, IReadOnlyList<Anomaly> Anomalies)
{
    public int WindowMinutes { get; init; }

    public DateTimeOffset MinutesFrom { get; init; }

    public IReadOnlyList<MinuteAnomaly> Minutes { get; init; } = [];
}
