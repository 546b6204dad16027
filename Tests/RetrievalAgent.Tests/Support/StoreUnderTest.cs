using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Qdrant.Tests;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Qdrant;

namespace Switchboard.RetrievalAgent.Tests.Support;

public enum StoreKind
{
    Sqlite,
    Qdrant,
}

/// <summary>
/// The chunk store a behaviour test runs against, through <see cref="IChunkStore"/> only: the embedded SQLite file or
/// Qdrant (the in-process <see cref="FakeQdrantServer"/>, which speaks Qdrant's REST wire format). The same abstract
/// test classes run once per kind (<c>…_Sqlite</c> and <c>…_Qdrant</c> subclasses), so filters, access, citations and
/// not-found are held to the same assertions on both.
/// </summary>
public interface IStoreUnderTest : IAsyncDisposable
{
    StoreKind Kind { get; }

    /// <summary>A new, empty store (a fresh SQLite file or a fresh Qdrant collection).</summary>
    Task<IChunkStore> CreateAsync(IEmbeddingGenerator<string, Embedding<float>>? embedder = null);

    /// <summary>What the RetrievalAgent needs to use this kind of store (<c>WebApplicationFactory</c> settings).</summary>
    Task<IReadOnlyDictionary<string, string>> AppSettingsAsync();

    public static IStoreUnderTest For(StoreKind kind) => kind switch
    {
        StoreKind.Sqlite => new SqliteStoreUnderTest(),
        _ => new QdrantStoreUnderTest(),
    };
}

public sealed class SqliteStoreUnderTest : IStoreUnderTest
{
    private readonly TempDirectory _directory = new();
    private int _files;

    public StoreKind Kind => StoreKind.Sqlite;

    // The service's default: the SQLite file served from the in-memory index.
    public Task<IChunkStore> CreateAsync(IEmbeddingGenerator<string, Embedding<float>>? embedder = null) =>
        StoreFactory.CreateIndexedAsync(_directory, $"store/retrieval-{Interlocked.Increment(ref _files)}.db", embedder);

    // RetrievalApp brings its own SQLite file; nothing to add.
    public Task<IReadOnlyDictionary<string, string>> AppSettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One fake Qdrant per test (started on first use); every store or app gets its own collection.</summary>
public sealed class QdrantStoreUnderTest : IStoreUnderTest
{
    private const string Key = "test-key";
    private FakeQdrantServer? _server;

    public StoreKind Kind => StoreKind.Qdrant;

    public FakeQdrantServer? Server => _server;

    public async Task<IChunkStore> CreateAsync(IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        var server = await ServerAsync();
        var options = new QdrantOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), CollectionName = NewCollection() };
        options.ApplyConnectionString($"Endpoint={server.Endpoint};Key={Key}");
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var client = new QdrantRestClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, wrapped, NullLogger<QdrantRestClient>.Instance);
        return new QdrantChunkStore(new QdrantChunkIndex(client, embedder ?? StoreFactory.Embedder, wrapped, NullLogger<QdrantChunkIndex>.Instance));
    }

    public async Task<IReadOnlyDictionary<string, string>> AppSettingsAsync()
    {
        var server = await ServerAsync();
        return new Dictionary<string, string>
        {
            ["ConnectionStrings:" + QdrantOptions.ConnectionStringName] = $"Endpoint={server.Endpoint};Key={Key}",
            ["Retrieval:Qdrant:CollectionName"] = NewCollection(),
            ["Retrieval:Qdrant:RetryBaseDelay"] = "00:00:00.001",
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static string NewCollection() => "chunks_" + Guid.NewGuid().ToString("N");

    private async Task<FakeQdrantServer> ServerAsync() => _server ??= await FakeQdrantServer.StartAsync(Key);
}
