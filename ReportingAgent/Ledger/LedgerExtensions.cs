using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.ReportingAgent.Ledger;

public static class LedgerExtensions
{
    public const string ConsumerGroup = "reporting";

    /// <summary>The ledger store and the consumer that fills it from <c>sb:interactions</c>. Needs the Redis client.</summary>
    public static IHostApplicationBuilder AddUsageLedger(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LedgerStore>();
        builder.AddEventConsumer<InteractionRecorded, LedgerHandler>(Streams.Interactions, ConsumerGroup);
        return builder;
    }
}
