using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.AgentCore.Documents;

/// <summary>
/// Says which unfinished documents are waiting for their ingestion to be taken over (<see cref="DocumentInfo.Recovery"/>):
/// those whose <see cref="IngestRequested"/> entry is pending at a RetrievalAgent consumer that stopped heartbeating,
/// and, when no consumer of the group is alive at all, every <c>queued</c> or <c>processing</c> one.
/// It reads the group on <see cref="Streams.Ingest"/> (XINFO CONSUMERS, one EXISTS per consumer, and the entries of
/// stopped consumers only), and only when some document is unfinished. When Redis cannot tell, documents are returned
/// as they are: the note is advice, never a reason to fail a status request.
/// </summary>
public sealed class IngestRecovery(ConsumerGroupMonitor monitor, ILogger<IngestRecovery> logger)
{
    /// <summary>Pending entries read per stopped consumer (it held at most a batch or two).</summary>
    private const int MaxEntriesPerConsumer = 1000;

    public async Task<DocumentInfo> AnnotateAsync(DocumentInfo document) => (await AnnotateAsync([document]))[0];

    public async Task<IReadOnlyList<DocumentInfo>> AnnotateAsync(IReadOnlyList<DocumentInfo> documents)
    {
        if (!documents.Any(IsUnfinished))
        {
            return documents;
        }

        ConsumerGroupState group;
        Dictionary<string, HashSet<string>> held;
        try
        {
            group = await monitor.GetAsync(Streams.Ingest, ConsumerGroups.Retrieval);
            held = await HeldByStoppedConsumersAsync(group);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not read the ingest consumers' liveness; document status is shown without a recovery note");
            return documents;
        }

        return documents.Select(d => IsUnfinished(d) && RecoveryOf(d, group, held) is { } recovery ? d with { Recovery = recovery } : d).ToList();
    }

    private static bool IsUnfinished(DocumentInfo document) =>
        document.Status is DocumentStatus.Queued or DocumentStatus.Processing;

    private static DocumentRecovery? RecoveryOf(DocumentInfo document, ConsumerGroupState group, Dictionary<string, HashSet<string>> held)
    {
        // A job names the blob of the version it ingests; one for an older version is not this version's work.
        if (held.TryGetValue(document.Id, out var blobKeys)
            && (blobKeys.Contains(DocumentCatalog.BlobKey(document.Id, document.Version)) || blobKeys.Contains("")))
        {
            return new DocumentRecovery(DocumentRecoveryStatus.Waiting, DocumentRecoveryReason.ConsumerStopped, group.AnyAlive
                ? "Waiting for recovery: the RetrievalAgent that held this document's ingestion stopped; a running one takes it over within seconds."
                : "Waiting for recovery: the RetrievalAgent that held this document's ingestion stopped, and none is running; ingestion resumes when one starts.");
        }

        return group.AnyAlive
            ? null
            : new DocumentRecovery(DocumentRecoveryStatus.Waiting, DocumentRecoveryReason.NoConsumer,
                "Waiting for a RetrievalAgent: none is running, so ingestion starts when one does.");
    }

    /// <summary>Document id → blob keys of the ingest jobs pending at consumers without a heartbeat.</summary>
    private async Task<Dictionary<string, HashSet<string>>> HeldByStoppedConsumersAsync(ConsumerGroupState group)
    {
        var held = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var stopped in group.StoppedWithPendingWork)
        {
            var entries = await monitor.PendingEntriesAsync(group.Stream, group.Group, stopped.Name,
                (int)Math.Min(stopped.PendingCount, MaxEntriesPerConsumer));
            foreach (var entry in entries)
            {
                IngestRequested job;
                try
                {
                    job = StreamEntryFormat.Read<IngestRequested>(entry);
                }
                catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
                {
                    continue; // a malformed entry is dead-lettered by whoever takes it over
                }

                if (!held.TryGetValue(job.DocumentId, out var keys))
                {
                    held[job.DocumentId] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(job.BlobKey ?? "");
            }
        }

        return held;
    }
}
