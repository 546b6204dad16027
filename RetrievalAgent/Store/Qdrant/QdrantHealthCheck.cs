using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>Ready when Qdrant's <c>/readyz</c> answers 200 and the collection exists (it is bootstrapped on the way).</summary>
internal sealed class QdrantHealthCheck(QdrantChunkIndex index) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var (ready, detail) = await index.Client.ReadyAsync(cancellationToken);
            if (!ready)
            {
                return HealthCheckResult.Unhealthy($"Qdrant /readyz: {detail}");
            }

            await index.EnsureReadyAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Qdrant ready, collection {index.Collection}");
        }
        catch (Exception ex) when (ex is HttpRequestException or QdrantException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Qdrant is not reachable or rejected the bootstrap", ex);
        }
    }
}
