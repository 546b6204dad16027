using System.ComponentModel.DataAnnotations;

namespace Switchboard.ReportingAgent.Reports;

/// <summary>Reporting settings, bound from the <c>Reporting</c> configuration section.</summary>
public sealed class ReportingOptions
{
    public const string SectionName = "Reporting";

    /// <summary>The range of <c>GET /reports/usage</c> when <c>from</c> and <c>to</c> are not given.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan DefaultReportWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long ledger entries are kept. Every answered question adds one (about 600 bytes in Redis), so without a limit
    /// the ledger grows with traffic for ever; older entries are removed by <c>LedgerRetentionService</c>. Usage reports
    /// and questions over older ranges count only what is kept.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3660.00:00:00")]
    public TimeSpan LedgerRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the ledger is trimmed to <see cref="LedgerRetention"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LedgerTrimInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The range of <c>GET /reports/review</c> when neither <c>from</c>/<c>to</c> nor <c>period</c> is given.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "93.00:00:00")]
    public TimeSpan DefaultReviewWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The range of <c>GET /reports/feedback/export</c> when <c>from</c> is not given.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3660.00:00:00")]
    public TimeSpan DefaultExportWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Longest range the review and the anomaly report accept (each reads every ledger entry of its range).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "366.00:00:00")]
    public TimeSpan MaxReviewRange { get; set; } = TimeSpan.FromDays(93);

    /// <summary>Votes needed in the last 24 hours before <c>switchboard_feedback_satisfaction</c> is reported.</summary>
    [Range(1, 1_000_000)]
    public int FeedbackMinVotes { get; set; } = 10;

    /// <summary>How often the feedback gauges are read from the ledger.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FeedbackSampleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the anomaly scores of the last complete hour are computed from the ledger.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AnomalySampleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Hours of history each hour is compared with (the detector's rolling window). 48 spans two daily cycles: long enough
    /// for a steady MAD (24 hours gave about one false flag in 600 noisy hours), short enough to follow a new normal in a day.
    /// </summary>
    [Range(6, 24 * 14)]
    public int AnomalyWindowHours { get; set; } = 48;

    /// <summary>Score from which an hour is listed as an anomaly (robust z-score: deviations above the window's median in MADs).</summary>
    [Range(1.0, 100.0)]
    public double AnomalyThreshold { get; set; } = 5.0;

    /// <summary>How many not-found questions the review lists at most (most often asked first).</summary>
    [Range(1, 100)]
    public int TopNotFoundQuestions { get; set; } = 10;

    /// <summary>
    /// Minutes of history each minute is compared with in the per-minute series (latency, cost, errors, not-found).
    /// 120 gives a steady median and MAD while following the level of the last two hours.
    /// </summary>
    [Range(20, 24 * 60)]
    public int AnomalyWindowMinutes { get; set; } = 120;

    /// <summary>
    /// How far back from the end of a range the per-minute series are scanned for anomalies (the hourly series cover the
    /// whole range): minutes are about what is happening now, and scoring every minute of months would be slow.
    /// </summary>
    [Range(typeof(TimeSpan), "00:10:00", "7.00:00:00")]
    public TimeSpan MinuteAnomalyLookback { get; set; } = TimeSpan.FromDays(1);
}
