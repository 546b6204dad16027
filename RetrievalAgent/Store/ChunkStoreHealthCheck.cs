using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>Ready when the store answers a query (the file opens, the schema exists).</summary>
internal sealed class ChunkStoreHealthCheck(IChunkStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var documents = await store.CountDocumentsAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{documents} documents indexed");
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The chunk store cannot be read", ex);
        }
    }
}
