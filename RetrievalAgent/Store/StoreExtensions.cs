namespace Switchboard.RetrievalAgent.Store;

public static class StoreExtensions
{
    /// <summary>The embedded SQLite chunk store (<c>Retrieval:DatabasePath</c>) and its readiness check.</summary>
    public static IHostApplicationBuilder AddChunkStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChunkStoreOptions>()
            .BindConfiguration(ChunkStoreOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), "Retrieval:DatabasePath must not be empty.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IChunkStore, SqliteChunkStore>();
        builder.Services.AddHealthChecks().AddCheck<ChunkStoreHealthCheck>("chunk-store", tags: ["ready"]);
        return builder;
    }
}
