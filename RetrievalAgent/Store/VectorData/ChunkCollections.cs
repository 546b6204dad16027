using Microsoft.Extensions.VectorData;
using Switchboard.RetrievalAgent.Store.Qdrant;

namespace Switchboard.RetrievalAgent.Store.VectorData;

/// <summary>
/// The configured chunk store seen as a <c>Microsoft.Extensions.VectorData</c> collection, for copying chunks between
/// stores (<c>Tools/StoreMigration</c>). The agent itself never reads through this face, so it is built on demand from
/// the store <c>AddChunkStore()</c> registered rather than registered in the agent.
/// </summary>
public static class ChunkCollections
{
    public static VectorStoreCollection<string, ChunkRecord> Of(IServiceProvider services) =>
        services.GetService<QdrantChunkIndex>() is { } qdrant
            ? new QdrantChunkCollection(qdrant)
            : new SqliteChunkCollection(services.GetRequiredService<SqliteChunkStore>());
}
