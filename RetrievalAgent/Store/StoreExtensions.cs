using Switchboard.RetrievalAgent.Store.Indexed;
using Switchboard.RetrievalAgent.Store.Qdrant;
using Switchboard.RetrievalAgent.Store.VectorData;

namespace Switchboard.RetrievalAgent.Store;

public static class StoreExtensions
{
    /// <summary>
    /// The embedded store: the SQLite file (<c>Retrieval:DatabasePath</c>) as the durable copy, served from an in-memory
    /// index kept in step with it (<see cref="IndexedChunkStore"/>), the start-up backfill of missing vectors and the
    /// readiness check. (The migration tool reads the same data as a VectorData collection: <see cref="ChunkCollections"/>.)
    /// The store embeds with the registered <c>IEmbeddingGenerator</c> (<c>AddSearch</c> registers it).
    /// </summary>
    /// <remarks>
    /// With <c>ConnectionStrings:qdrant_http</c> set (what Aspire's Qdrant <c>WithReference</c> injects) the store is
    /// Qdrant instead (<see cref="QdrantStoreExtensions.AddQdrantChunkStore"/>): same interfaces, no SQLite file.
    /// </remarks>
    public static IHostApplicationBuilder AddChunkStore(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(QdrantOptions.ConnectionStringName) is { Length: > 0 } qdrant)
        {
            builder.Services.AddQdrantChunkStore(qdrant);
            return builder;
        }

        builder.Services.AddOptions<ChunkStoreOptions>()
            .BindConfiguration(ChunkStoreOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), "Retrieval:DatabasePath must not be empty.")
            .ValidateOnStart();
        builder.Services.AddOptions<CorpusIndexOptions>()
            .BindConfiguration(CorpusIndexOptions.SectionName)
            .Validate(o => o.SyncInterval > TimeSpan.Zero && o.SyncInterval <= TimeSpan.FromMinutes(1),
                "Retrieval:Index:SyncInterval must be between 0 and 1 minute.")
            .Validate(o => o.WarmChunks >= 0, "Retrieval:Index:WarmChunks must not be negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SqliteChunkStore>();
        builder.Services.AddSingleton<CorpusIndex>();
        builder.Services.AddSingleton<CorpusIndexSync>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CorpusIndexSync>());
        builder.Services.AddSingleton<IChunkStore, IndexedChunkStore>();
        builder.Services.AddHostedService<EmbeddingBackfillService>();
        builder.Services.AddHealthChecks().AddCheck<ChunkStoreHealthCheck>("chunk-store", tags: ["ready"]);
        return builder;
    }
}
