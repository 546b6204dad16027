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

    /// <summary>Longest accepted question for <c>POST /answer</c>, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxQuestionLength { get; set; } = 4000;
}
