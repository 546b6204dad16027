using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.ReportingAgent.Ledger;

namespace Switchboard.ReportingAgent.Feedback;

public static class FeedbackExtensions
{
    /// <summary>
    /// The feedback ledger: its store, the consumer that fills it from <c>sb:feedback</c> (group <c>reporting</c>) and the
    /// satisfaction gauges. Needs the Redis client and the reporting options.
    /// </summary>
    public static IHostApplicationBuilder AddFeedbackLedger(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddHostedService<FeedbackGaugeSampler>();
        builder.AddEventConsumer<FeedbackGiven, FeedbackHandler>(Streams.Feedback, LedgerExtensions.ConsumerGroup);
        return builder;
    }
}
