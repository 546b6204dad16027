using System.ComponentModel.DataAnnotations;

namespace Switchboard.ReportingAgent.Reports;

/// <summary>Reporting settings, bound from the <c>Reporting</c> configuration section.</summary>
public sealed class ReportingOptions
{
    public const string SectionName = "Reporting";

    /// <summary>The range of <c>GET /reports/usage</c> when <c>from</c> and <c>to</c> are not given.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan DefaultReportWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest accepted question for <c>POST /answer</c>, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxQuestionLength { get; set; } = 4000;
}
