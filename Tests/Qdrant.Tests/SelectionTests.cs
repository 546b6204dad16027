using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.VectorData;
using Switchboard.AgentCore.AI.Embeddings;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Qdrant;
using Switchboard.RetrievalAgent.Store.VectorData;

namespace Switchboard.Qdrant.Tests;

/// <summary>The store is chosen by the presence of <c>ConnectionStrings:qdrant_http</c>, as the service registers it.</summary>
public sealed class SelectionTests
{
    private static ServiceProvider Build(string? qdrant)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:qdrant_http"] = qdrant,
            ["Retrieval:DatabasePath"] = Path.Combine(Path.GetTempPath(), $"selection-{Guid.NewGuid():N}.db"),
        });
        builder.AddEmbeddingGenerator();
        builder.AddChunkStore();
        return (ServiceProvider)builder.Build().Services;
    }

    [Fact]
    public void With_the_connection_string_the_store_is_Qdrant_and_without_it_SQLite()
    {
        using var withQdrant = Build("Endpoint=http://qdrant:6333;Key=k");
        using var without = Build(null);

        Assert.IsType<QdrantChunkStore>(withQdrant.GetRequiredService<IChunkStore>());
        Assert.IsType<QdrantChunkCollection>(ChunkCollections.Of(withQdrant));
        Assert.Equal("k", withQdrant.GetRequiredService<Microsoft.Extensions.Options.IOptions<QdrantOptions>>().Value.ApiKey);
        Assert.IsNotType<QdrantChunkStore>(without.GetRequiredService<IChunkStore>());
    }
}
