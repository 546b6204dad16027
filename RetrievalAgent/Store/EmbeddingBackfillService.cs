namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// After start-up, embeds every chunk that has no vector: chunks written by the first version (before embeddings)
/// and chunks whose vectors were dropped because <c>AI:Embeddings</c> changed. It runs in small batches in the
/// background, so the service is ready at once; until a chunk is embedded it is found by keywords only.
/// </summary>
internal sealed class EmbeddingBackfillService(SqliteChunkStore sqlite, ILogger<EmbeddingBackfillService> logger) : BackgroundService
{
    private const int BatchSize = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var total = 0;
            int embedded;
            while ((embedded = await sqlite.BackfillEmbeddingsAsync(BatchSize, stoppingToken)) > 0)
            {
                total += embedded;
            }

            if (total > 0)
            {
                logger.LogInformation("Embedded {ChunkCount} chunks that had no vector", total);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Keyword search keeps working without vectors; the next start tries again.
            logger.LogError(ex, "Embedding chunks without vectors failed");
        }
    }
}
