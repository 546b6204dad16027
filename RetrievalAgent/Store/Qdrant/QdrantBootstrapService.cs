namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// Creates the collection and its payload indexes at start. If Qdrant is unreachable the service still starts (the
/// health check reports it) and the first store operation bootstraps instead: a vector database restarting must not
/// crash-loop the agent.
/// </summary>
internal sealed class QdrantBootstrapService(QdrantChunkIndex index, ILogger<QdrantBootstrapService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await index.EnsureReadyAsync(cancellationToken);
        }
        catch (QdrantException ex)
        {
            logger.LogError(ex, "Qdrant collection {Collection} could not be bootstrapped at start; retrying on first use", index.Collection);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
