using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Switchboard.RetrievalAgent.Store.Indexed;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>Ready when the file answers a query (it opens, the schema exists) and the in-memory index is loaded.</summary>
internal sealed class ChunkStoreHealthCheck(SqliteChunkStore store, CorpusIndexSync index) : IHealthCheck
{
    private static readonly TimeSpan LoadGrace = TimeSpan.FromMilliseconds(500);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var documents = await store.CountDocumentsAsync(cancellationToken);
            // A fresh start loads in well under a second for a small corpus; wait that long before saying "not yet".
            await Task.WhenAny(index.Loaded, Task.Delay(LoadGrace, cancellationToken));
            if (!index.IsLoaded)
            {
                return HealthCheckResult.Unhealthy($"Loading the corpus index ({documents} documents)");
            }

            return HealthCheckResult.Healthy($"{documents} documents indexed");
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The chunk store cannot be read", ex);
        }
    }
}
