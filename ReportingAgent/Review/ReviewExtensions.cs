using Switchboard.ReportingAgent.Anomalies;

namespace Switchboard.ReportingAgent.Review;

public static class ReviewExtensions
{
    /// <summary>The review's budget reference and the anomaly gauges. Needs the ledger, the feedback ledger and the reports.</summary>
    public static IHostApplicationBuilder AddReview(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReviewBudgetOptions>().BindConfiguration(ReviewBudgetOptions.SectionName);
        builder.Services.AddSingleton<AnomalyFinder>();
        builder.Services.AddHostedService<AnomalyGaugeSampler>();
        return builder;
    }
}
