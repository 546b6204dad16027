using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Store.VectorData;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// The operations both Qdrant faces (<see cref="QdrantChunkStore"/>, <see cref="QdrantChunkCollection"/>) share:
/// collection bootstrap, batched upsert, delete by filter, scroll, count, retrieve and the Query API. Every request
/// body is built here, in the shapes of Qdrant 1.19's <c>components/schemas</c> (the contract tests validate them).
/// </summary>
public sealed class QdrantChunkIndex(
    QdrantRestClient client,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IOptions<QdrantOptions> options,
    ILogger<QdrantChunkIndex> logger)
{
    private const int ScrollPage = 256;
    private readonly QdrantOptions _options = options.Value;
    private readonly SemaphoreSlim _bootstrap = new(1, 1);
    private volatile bool _ready;

    public IEmbeddingGenerator<string, Embedding<float>> Embedder => embedder;

    public QdrantRestClient Client => client;

    public string Collection => _options.CollectionName;

    public SparseEncoding Sparse => _options.Sparse;

    private string PathOf(string suffix = "") => QdrantRestClient.PathOf(Collection, suffix);

    /// <summary>
    /// Creates the collection (a named cosine dense vector sized by the embedder, a named sparse vector with the
    /// <c>idf</c> modifier) and its payload indexes, once per process; 409 (it exists) is success. Called at start by
    /// <see cref="QdrantBootstrapService"/> and again before the first operation if that failed (Qdrant was down).
    /// </summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _bootstrap.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            var dimensions = await DimensionsAsync(cancellationToken);
            await client.SendAsync(HttpMethod.Put, PathOf(), CreateCollectionBody(dimensions), cancellationToken, acceptConflict: true);
            foreach (var (field, schema) in QdrantPoints.Indexes)
            {
                // Creating an index that exists is accepted by Qdrant (it is replaced), so this is idempotent too.
                await client.SendAsync(HttpMethod.Put, PathOf("/index?wait=true"), IndexBody(field, schema), cancellationToken, acceptConflict: true);
            }

            logger.LogInformation("Qdrant collection {Collection} ready ({Dimensions} dimensions, sparse {Sparse})", Collection, dimensions, _options.Sparse);
            _ready = true;
        }
        finally
        {
            _bootstrap.Release();
        }
    }

    public static JsonObject CreateCollectionBody(int dimensions) => new()
    {
        ["vectors"] = new JsonObject { [QdrantPoints.Dense] = new JsonObject { ["size"] = dimensions, ["distance"] = "Cosine" } },
        ["sparse_vectors"] = new JsonObject { [QdrantPoints.Sparse] = new JsonObject { ["modifier"] = "idf" } },
    };

    public static JsonObject IndexBody(string field, string schema) => new() { ["field_name"] = field, ["field_schema"] = schema };

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        var result = await client.SendAsync(HttpMethod.Get, PathOf("/exists"), null, cancellationToken);
        return (bool?)result?["exists"] ?? false;
    }

    public async Task DeleteCollectionAsync(CancellationToken cancellationToken)
    {
        await client.SendAsync(HttpMethod.Delete, PathOf(), null, cancellationToken);
        _ready = false;
    }

    /// <summary>Embeds records without a vector, then upserts in batches of <c>UpsertBatchSize</c>, each <c>wait=true</c>.</summary>
    public async Task UpsertAsync(IReadOnlyList<ChunkRecord> records, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var missing = records.Where(r => r.Embedding.IsEmpty).ToList();
        var vectors = new Dictionary<ChunkRecord, ReadOnlyMemory<float>>(ReferenceEqualityComparer.Instance);
        if (missing.Count > 0)
        {
            var embeddings = await embedder.GenerateAsync(missing.Select(r => r.Text), cancellationToken: cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                vectors[missing[i]] = embeddings[i].Vector;
            }
        }

        foreach (var batch in records.Chunk(_options.UpsertBatchSize))
        {
            var points = new JsonArray(batch.Select(r => (JsonNode?)QdrantPoints.Point(r, vectors.TryGetValue(r, out var v) ? v : r.Embedding, _options.Sparse)).ToArray());
            await client.PutAsync(PathOf("/points?wait=true"), new JsonObject { ["points"] = points }, cancellationToken);
        }
    }

    public async Task DeleteAsync(JsonObject filter, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        await client.PostAsync(PathOf("/points/delete?wait=true"), new JsonObject { ["filter"] = filter.DeepClone() }, cancellationToken);
    }

    public async Task DeleteIdsAsync(IEnumerable<string> chunkIds, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var ids = new JsonArray(chunkIds.Select(id => (JsonNode?)QdrantPoints.PointId(id)).ToArray());
        await client.PostAsync(PathOf("/points/delete?wait=true"), new JsonObject { ["points"] = ids }, cancellationToken);
    }

    public async Task<long> CountAsync(JsonObject? filter, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var body = new JsonObject { ["exact"] = true };
        if (filter is not null)
        {
            body["filter"] = filter.DeepClone();
        }

        var result = await client.PostAsync(PathOf("/points/count"), body, cancellationToken);
        return (long?)result?["count"] ?? 0;
    }

    /// <summary>Every point the filter lets through, page by page (<c>next_page_offset</c>), in Qdrant's id order.</summary>
    public async IAsyncEnumerable<JsonObject> ScrollAsync(JsonObject? filter, bool withVector, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        JsonNode? offset = null;
        do
        {
            var body = new JsonObject
            {
                ["limit"] = ScrollPage,
                ["with_payload"] = true,
                ["with_vector"] = withVector ? new JsonArray(QdrantPoints.Dense) : false,
            };
            if (filter is not null)
            {
                body["filter"] = filter.DeepClone();
            }

            if (offset is not null)
            {
                body["offset"] = offset.DeepClone();
            }

            var result = await client.PostAsync(PathOf("/points/scroll"), body, cancellationToken);
            foreach (var point in result?["points"] as JsonArray ?? [])
            {
                if (point is JsonObject p)
                {
                    yield return p;
                }
            }

            offset = result?["next_page_offset"];
        }
        while (offset is not null && offset.GetValueKind() != System.Text.Json.JsonValueKind.Null);
    }

    public async Task<List<JsonObject>> RetrieveAsync(IEnumerable<string> chunkIds, bool withVector, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var body = new JsonObject
        {
            ["ids"] = new JsonArray(chunkIds.Select(id => (JsonNode?)QdrantPoints.PointId(id)).ToArray()),
            ["with_payload"] = true,
            ["with_vector"] = withVector ? new JsonArray(QdrantPoints.Dense) : false,
        };
        var result = await client.PostAsync(PathOf("/points"), body, cancellationToken);
        return (result as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>One Query API call (<c>QueryRequest</c>); returns the scored points best first.</summary>
    public async Task<List<(JsonObject Point, double Score)>> QueryAsync(JsonObject request, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var result = await client.PostAsync(PathOf("/points/query"), request, cancellationToken);
        return (result?["points"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(p => (p, (double?)p["score"] ?? 0))
            .ToList();
    }

    public static JsonObject DenseQuery(ReadOnlyMemory<float> vector, JsonObject filter, int limit, double? scoreThreshold = null, bool withVector = false)
    {
        var request = new JsonObject
        {
            ["query"] = new JsonArray(vector.ToArray().Select(v => (JsonNode?)v).ToArray()),
            ["using"] = QdrantPoints.Dense,
            ["filter"] = filter,
            ["limit"] = limit,
            ["with_payload"] = true,
            ["with_vector"] = withVector ? new JsonArray(QdrantPoints.Dense) : false,
        };
        if (scoreThreshold is { } threshold)
        {
            request["score_threshold"] = threshold;
        }

        return request;
    }

    public JsonObject SparseQuery(string text, JsonObject filter, int limit) => new()
    {
        ["query"] = QdrantPoints.SparseQuery(text, _options.Sparse),
        ["using"] = QdrantPoints.Sparse,
        ["filter"] = filter,
        ["limit"] = limit,
        ["with_payload"] = true,
    };

    /// <summary>
    /// Hybrid: a dense and a sparse prefetch, each with the filter (so hidden chunks are never candidates), fused by
    /// RRF. <paramref name="rrfK"/> is Qdrant's k, whose top item scores 1/k: k = 61 is the paper's (and the SQLite
    /// store's) 60.
    /// </summary>
    public JsonObject HybridQuery(ReadOnlyMemory<float> vector, string text, JsonObject filter, int limit, int pool, int rrfK = 61, bool withVector = false) => new()
    {
        ["prefetch"] = new JsonArray(
            new JsonObject
            {
                ["query"] = new JsonArray(vector.ToArray().Select(v => (JsonNode?)v).ToArray()),
                ["using"] = QdrantPoints.Dense,
                ["filter"] = filter.DeepClone(),
                ["limit"] = pool,
            },
            new JsonObject
            {
                ["query"] = QdrantPoints.SparseQuery(text, _options.Sparse),
                ["using"] = QdrantPoints.Sparse,
                ["filter"] = filter.DeepClone(),
                ["limit"] = pool,
            }),
        ["query"] = new JsonObject { ["rrf"] = new JsonObject { ["k"] = rrfK } },
        ["filter"] = filter,
        ["limit"] = limit,
        ["with_payload"] = true,
        ["with_vector"] = withVector ? new JsonArray(QdrantPoints.Dense) : false,
    };

    private async Task<int> DimensionsAsync(CancellationToken cancellationToken)
    {
        if (embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions is { } known and > 0)
        {
            return known;
        }

        var probe = await embedder.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken);
        return probe[0].Vector.Length;
    }
}
