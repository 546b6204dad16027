using System.Diagnostics.Metrics;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.ReportingAgent.Ledger;

/// <summary>Writes each recorded interaction into the ledger, once per AnswerId however often it is delivered.</summary>
public sealed class LedgerHandler(LedgerStore store, ILogger<LedgerHandler> logger) : IEventHandler<InteractionRecorded>
{
    private static readonly Counter<long> EntriesWritten = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.ledger.entries_written", "{entry}", "Interactions added to the usage ledger (duplicates excluded)");

    public async Task HandleAsync(InteractionRecorded interaction, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(interaction.AnswerId) || string.IsNullOrWhiteSpace(interaction.Status))
        {
            // Thrown, not skipped: the consumer retries and then dead-letters it, so the bad event stays inspectable.
            throw new ArgumentException($"Interaction event {interaction.Id} has no answerId or status.", nameof(interaction));
        }

        var entry = LedgerEntry.From(interaction);
        if (await store.TryAppendAsync(entry))
        {
            EntriesWritten.Add(1, new KeyValuePair<string, object?>("status", entry.Status));
            logger.LogDebug("Ledger entry {AnswerId} written ({Status}, {Intent})", entry.AnswerId, entry.Status, entry.Intent);
        }
        else
        {
            logger.LogDebug("Ledger already holds {AnswerId}; event {EventId} ignored", entry.AnswerId, interaction.Id);
        }
    }
}
