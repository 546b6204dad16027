using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.ReportingAgent.Ledger;

public static class LedgerExtensions
{
    public const string ConsumerGroup = "reporting";

    /// <summary>
    /// The ledger store, the consumer that fills it from <c>sb:interactions</c> and the retention that empties it.
    /// Needs the Redis client.
    /// </summary>
    public static IHostApplicationBuilder AddUsageLedger(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LedgerStore>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LedgerRetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LedgerRetentionService>());
        builder.AddEventConsumer<InteractionRecorded, LedgerHandler>(Streams.Interactions, ConsumerGroup);
        return builder;
    }
}
