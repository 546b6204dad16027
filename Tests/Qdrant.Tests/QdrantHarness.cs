using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Embeddings;
using Switchboard.RetrievalAgent.Store.Qdrant;

namespace Switchboard.Qdrant.Tests;

/// <summary>A fake Qdrant and the connector pointed at it, as the service would build it, with millisecond backoff.</summary>
public sealed class QdrantHarness : IAsyncDisposable
{
    public static readonly HashingEmbeddingGenerator Embedder = new();

    private QdrantHarness(FakeQdrantServer server, QdrantOptions options, CapturingLogger<QdrantRestClient> log)
    {
        Server = server;
        Options = options;
        Log = log;
        Client = new QdrantRestClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, Microsoft.Extensions.Options.Options.Create(options), log);
        Index = new QdrantChunkIndex(Client, Embedder, Microsoft.Extensions.Options.Options.Create(options), NullLogger<QdrantChunkIndex>.Instance);
        Store = new QdrantChunkStore(Index);
        Collection = new QdrantChunkCollection(Index);
    }

    public FakeQdrantServer Server { get; }

    public QdrantOptions Options { get; }

    public CapturingLogger<QdrantRestClient> Log { get; }

    public QdrantRestClient Client { get; }

    public QdrantChunkIndex Index { get; }

    public QdrantChunkStore Store { get; }

    public QdrantChunkCollection Collection { get; }

    public static async Task<QdrantHarness> StartAsync(Action<QdrantOptions>? configure = null)
    {
        var server = await FakeQdrantServer.StartAsync();
        var options = new QdrantOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), UpsertBatchSize = 3, CollectionName = "chunks_test" };
        options.ApplyConnectionString($"Endpoint={server.Endpoint};Key=test-key");
        configure?.Invoke(options);
        return new QdrantHarness(server, options, new CapturingLogger<QdrantRestClient>());
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

public sealed class CapturingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
