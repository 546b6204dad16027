using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Switchboard.ReportingAgent.Reports;

public static class ReportsExtensions
{
    /// <summary>Reporting options and the clock every range is computed from (replaceable in tests).</summary>
    public static IHostApplicationBuilder AddUsageReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportingOptions>()
            .BindConfiguration(ReportingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
