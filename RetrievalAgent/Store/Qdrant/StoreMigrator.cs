using Microsoft.Extensions.VectorData;
using Switchboard.RetrievalAgent.Store.VectorData;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

public sealed record MigrationProgress(long Copied, long Skipped, long Total);

/// <param name="SourceCount">Chunks in the source.</param>
/// <param name="TargetCount">Chunks in the target after the copy; the migration is complete when it equals the source's.</param>
public sealed record MigrationResult(long SourceCount, long Copied, long Skipped, long TargetCount)
{
    public bool CountsMatch => SourceCount == TargetCount;
}

/// <summary>
/// Copies every chunk with its vector from one <c>VectorStoreCollection&lt;string, ChunkRecord&gt;</c> to another
/// (SQLite → Qdrant or back), so vectors are not recomputed. Idempotent: records are upserted by their chunk id.
/// Resumable: after each batch the copied chunk ids are appended to the checkpoint file, and a re-run skips them.
/// Ends with a count of both sides.
/// </summary>
public sealed class StoreMigrator(
    VectorStoreCollection<string, ChunkRecord> source,
    VectorStoreCollection<string, ChunkRecord> target,
    int batchSize = 256)
{
    public async Task<MigrationResult> RunAsync(string? checkpointPath, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await target.EnsureCollectionExistsAsync(cancellationToken);
        var done = checkpointPath is not null && File.Exists(checkpointPath)
            ? new HashSet<string>(await File.ReadAllLinesAsync(checkpointPath, cancellationToken), StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        var total = await CountAsync(source, cancellationToken);

        long copied = 0, skipped = 0;
        var batch = new List<ChunkRecord>(batchSize);
        await foreach (var record in source.GetAsync(_ => true, int.MaxValue, new FilteredRecordRetrievalOptions<ChunkRecord> { IncludeVectors = true }, cancellationToken))
        {
            if (done.Contains(record.Id))
            {
                skipped++;
                continue;
            }

            batch.Add(record);
            if (batch.Count == batchSize)
            {
                copied += await FlushAsync(batch, checkpointPath, cancellationToken);
                progress?.Report(new MigrationProgress(copied, skipped, total));
            }
        }

        copied += await FlushAsync(batch, checkpointPath, cancellationToken);
        progress?.Report(new MigrationProgress(copied, skipped, total));
        return new MigrationResult(total, copied, skipped, await CountAsync(target, cancellationToken));
    }

    private async Task<int> FlushAsync(List<ChunkRecord> batch, string? checkpointPath, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await target.UpsertAsync(batch, cancellationToken);
        if (checkpointPath is not null)
        {
            // Written only after the target acknowledged the batch (Qdrant upserts with wait=true), so a crash between
            // the two re-copies a batch — harmless, upserts are idempotent — and never skips one.
            await File.AppendAllLinesAsync(checkpointPath, batch.Select(r => r.Id), cancellationToken);
        }

        var count = batch.Count;
        batch.Clear();
        return count;
    }

    private static async Task<long> CountAsync(VectorStoreCollection<string, ChunkRecord> collection, CancellationToken cancellationToken) =>
        await collection.GetAsync(_ => true, int.MaxValue, cancellationToken: cancellationToken).LongCountAsync(cancellationToken);
}
