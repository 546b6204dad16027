using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.RetrievalAgent.Store.Qdrant;
using Switchboard.Tests.Support;

namespace Switchboard.Qdrant.Tests;

/// <summary>
/// An in-process HTTP server that speaks Qdrant 1.19's REST wire format for the operations the connector uses:
/// collections (409 on re-create), payload indexes, upsert (dense + sparse, server-side <c>qdrant/bm25</c> inference
/// simulated with <see cref="Bm25Hashing"/>), delete by filter or ids, count, scroll with paging, retrieve, and the Query
/// API (dense cosine, sparse dot product with the collection's IDF, prefetch + RRF with Qdrant's formula, filters,
/// score threshold). It records every request and can be told to fail the next ones.
/// </summary>
public sealed partial class FakeQdrantServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<(int Status, string Body)> _failures = new();
    private readonly Dictionary<string, FakeCollection> _collections = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();


    public Uri Endpoint { get; private set; } = null!;

    public string? ApiKey { get; init; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentQueue<(string Method, string Path, JsonNode? Body)> Responses { get; } = new();

    public static async Task<FakeQdrantServer> StartAsync(string? apiKey = "test-key")
    {
        var server = new FakeQdrantServer { ApiKey = apiKey };
        (server._app, var url) = await LoopbackServer.StartAsync(app => app.Run(server.HandleAsync));
        server.Endpoint = new Uri(url.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests (after auth) answer <paramref name="status"/> with this body.</summary>
    public void FailNext(int status, string body, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue((status, body));
        }
    }

    public int PointCount(string collection)
    {
        lock (_gate)
        {
            return _collections.TryGetValue(collection, out var c) ? c.Points.Count : 0;
        }
    }

    public IReadOnlyList<string> CollectionNames
    {
        get
        {
            lock (_gate)
            {
                return [.. _collections.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public FakeCollection? Collection(string name)
    {
        lock (_gate)
        {
            return _collections.GetValueOrDefault(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = context.Request.ContentLength is > 0 || context.Request.Headers.ContentType.Count > 0
            ? JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())
            : null;
        var path = context.Request.Path.Value!;
        Requests.Enqueue(new RecordedRequest(context.Request.Method, path, context.Request.QueryString.Value ?? "", body, context.Request.Headers["api-key"].ToString()));

        if (path is "/readyz" or "/healthz")
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("all shards are ready");
            return;
        }

        if (ApiKey is not null && context.Request.Headers["api-key"] != ApiKey)
        {
            await ErrorAsync(context, 401, "Must provide an API key or an Authorization bearer token");
            return;
        }

        if (_failures.TryDequeue(out var failure))
        {
            context.Response.StatusCode = failure.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(failure.Body);
            return;
        }

        var match = RoutePattern().Match(path);
        if (!match.Success)
        {
            await ErrorAsync(context, 404, $"Unknown path {path}");
            return;
        }

        var name = Uri.UnescapeDataString(match.Groups["name"].Value);
        var rest = match.Groups["rest"].Value;
        JsonNode? result;
        lock (_gate)
        {
            if (rest == "" && context.Request.Method == "PUT")
            {
                if (_collections.ContainsKey(name))
                {
                    result = null;
                    goto conflict;
                }

                var dense = body!["vectors"]![QdrantPoints.Dense]!;
                _collections[name] = new FakeCollection((int)dense["size"]!, (string)dense["distance"]!, (string?)body["sparse_vectors"]?[QdrantPoints.Sparse]?["modifier"]);
                result = true;
            }
            else if (rest == "/exists")
            {
                result = new JsonObject { ["exists"] = _collections.ContainsKey(name) };
            }
            else if (!_collections.TryGetValue(name, out var collection))
            {
                result = null;
                goto missing;
            }
            else
            {
                try
                {
                    result = (context.Request.Method, rest) switch
                    {
                        ("DELETE", "") => _collections.Remove(name),
                        ("PUT", "/index") => collection.Index(body!),
                        ("PUT", "/points") => collection.Upsert(body!),
                        ("POST", "/points/delete") => collection.Delete(body!),
                        ("POST", "/points/count") => new JsonObject { ["count"] = collection.Select(body?["filter"] as JsonObject).Count() },
                        ("POST", "/points/scroll") => collection.Scroll(body!),
                        ("POST", "/points") => collection.Retrieve(body!),
                        ("POST", "/points/query") => collection.Query(body!),
                        _ => throw new BadRequestException($"Unsupported operation {context.Request.Method} {rest}"),
                    };
                }
                catch (BadRequestException ex)
                {
                    result = ex.Message;
                    goto bad;
                }
            }
        }

        var envelope = new JsonObject { ["usage"] = null, ["time"] = 0.0001, ["status"] = "ok", ["result"] = result };
        Responses.Enqueue((context.Request.Method, path, envelope));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(envelope.ToJsonString());
        return;

    conflict:
        await ErrorAsync(context, 409, $"Wrong input: Collection `{name}` already exists!");
        return;
    missing:
        await ErrorAsync(context, 404, $"Not found: Collection `{name}` doesn't exist!");
        return;
    bad:
        await ErrorAsync(context, 400, "Wrong input: " + (string)result!);
    }

    private static async Task ErrorAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["time"] = 0.0, ["status"] = new JsonObject { ["error"] = error }, ["result"] = null }.ToJsonString());
    }

    [GeneratedRegex("^/collections/(?<name>[^/]+)(?<rest>(/.*)?)$")]
    private static partial Regex RoutePattern();
}

public sealed record RecordedRequest(string Method, string Path, string Query, JsonNode? Body, string ApiKey);

public sealed class BadRequestException(string message) : Exception(message);

public sealed record FakePoint(string Id, float[] Dense, Dictionary<uint, float> Sparse, JsonObject Payload);

/// <summary>One in-memory collection: points, their vectors, and the search semantics of the Query API.</summary>
public sealed class FakeCollection(int size, string distance, string? sparseModifier)
{
    public int Size { get; } = size;

    public string Distance { get; } = distance;

    public string? SparseModifier { get; } = sparseModifier;

    public SortedDictionary<string, FakePoint> Points { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonNode?> Indexes { get; } = new(StringComparer.Ordinal);

    public JsonNode Index(JsonNode body)
    {
        Indexes[(string)body["field_name"]!] = body["field_schema"]?.DeepClone();
        return Completed();
    }

    public JsonNode Upsert(JsonNode body)
    {
        foreach (var point in body["points"]!.AsArray())
        {
            var vector = point!["vector"]!;
            var dense = vector[QdrantPoints.Dense]!.AsArray().Select(v => (float)v!).ToArray();
            if (dense.Length != Size)
            {
                throw new BadRequestException($"Vector dimension error: expected dim: {Size}, got {dense.Length}");
            }

            var id = (string)point["id"]!;
            Points[id] = new FakePoint(id, dense, SparseOf(vector[QdrantPoints.Sparse]!, document: true), (JsonObject)point["payload"]!.DeepClone());
        }

        return Completed();
    }

    public JsonNode Delete(JsonNode body)
    {
        var ids = body["points"] is JsonArray list
            ? list.Select(v => (string)v!).ToList()
            : Select((JsonObject)body["filter"]!).Select(p => p.Id).ToList();
        foreach (var id in ids)
        {
            Points.Remove(id);
        }

        return Completed();
    }

    public JsonNode Scroll(JsonNode body)
    {
        var limit = (int?)body["limit"] ?? 10;
        var offset = (string?)body["offset"];
        var page = Select(body["filter"] as JsonObject).Where(p => offset is null || string.CompareOrdinal(p.Id, offset) >= 0).Take(limit + 1).ToList();
        return new JsonObject
        {
            ["points"] = new JsonArray(page.Take(limit).Select(p => (JsonNode?)Record(p, body)).ToArray()),
            ["next_page_offset"] = page.Count > limit ? page[limit].Id : null,
        };
    }

    public JsonNode Retrieve(JsonNode body) =>
        new JsonArray(body["ids"]!.AsArray().Select(id => Points.GetValueOrDefault((string)id!)).OfType<FakePoint>().Select(p => (JsonNode?)Record(p, body)).ToArray());

    public JsonNode Query(JsonNode body)
    {
        var ranked = Rank(body).ToList();
        if (body["score_threshold"] is JsonValue threshold)
        {
            ranked = ranked.Where(r => r.Score >= (double)threshold).ToList();
        }

        var points = ranked.Skip((int?)body["offset"] ?? 0).Take((int?)body["limit"] ?? 10)
            .Select(r =>
            {
                var scored = Record(r.Point, body);
                scored["version"] = 0;
                scored["score"] = r.Score;
                return (JsonNode?)scored;
            });
        return new JsonObject { ["points"] = new JsonArray(points.ToArray()) };
    }

    public IEnumerable<FakePoint> Select(JsonObject? filter) => Points.Values.Where(p => filter is null || FakeFilter.Matches(filter, p.Payload));

    private IEnumerable<(FakePoint Point, double Score)> Rank(JsonNode request)
    {
        var candidates = Select(request["filter"] as JsonObject).ToList();
        var query = request["query"];
        if (request["prefetch"] is JsonNode prefetchNode)
        {
            var prefetches = prefetchNode is JsonArray array ? array.ToList() : [prefetchNode];
            var lists = prefetches.Select(p => Rank(p!).Take((int?)p!["limit"] ?? 10).ToList()).ToList();
            var allowed = candidates.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var k = query?["rrf"]?["k"] is JsonValue kv ? (int)kv : 2;
            if (query?["fusion"] is null && query?["rrf"] is null)
            {
                throw new BadRequestException("only RRF fusion is supported by the fake");
            }

            // lib/segment/src/common/reciprocal_rank_fusion.rs with weight 1: 1 / (position + k), position 0-based.
            return lists.SelectMany(l => l.Select((hit, position) => (hit.Point, Score: 1.0 / (position + k))))
                .Where(h => allowed.Contains(h.Point.Id))
                .GroupBy(h => h.Point.Id)
                .Select(g => (g.First().Point, g.Sum(h => h.Score)))
                .OrderByDescending(h => h.Item2).ThenBy(h => h.Point.Id, StringComparer.Ordinal);
        }

        var vector = (string?)request["using"];
        if (vector == QdrantPoints.Dense)
        {
            var dense = query!.AsArray().Select(v => (float)v!).ToArray();
            if (dense.Length != Size)
            {
                throw new BadRequestException($"Vector dimension error: expected dim: {Size}, got {dense.Length}");
            }

            return candidates.Select(p => (p, (double)TensorPrimitives.CosineSimilarity(dense, p.Dense)))
                .OrderByDescending(h => h.Item2).ThenBy(h => h.p.Id, StringComparer.Ordinal);
        }

        if (vector == QdrantPoints.Sparse)
        {
            var terms = SparseOf(query!, document: false);
            var n = Points.Count;
            double Idf(uint term)
            {
                if (SparseModifier != "idf")
                {
                    return 1;
                }

                var df = Points.Values.Count(p => p.Sparse.ContainsKey(term));
                return Math.Log(((n - df + 0.5) / (df + 0.5)) + 1);
            }

            // Sparse search returns only points sharing a term with the query.
            return candidates
                .Select(p => (p, terms.Where(t => p.Sparse.ContainsKey(t.Key)).Sum(t => t.Value * p.Sparse[t.Key] * Idf(t.Key))))
                .Where(h => h.p.Sparse.Keys.Any(terms.ContainsKey))
                .OrderByDescending(h => h.Item2).ThenBy(h => h.p.Id, StringComparer.Ordinal);
        }

        throw new BadRequestException($"Unknown vector name {vector}");
    }

    private static Dictionary<uint, float> SparseOf(JsonNode node, bool document)
    {
        if (node["model"] is JsonValue model)
        {
            if (!string.Equals((string?)model, "qdrant/bm25", StringComparison.OrdinalIgnoreCase))
            {
                throw new BadRequestException($"Unknown local model {model}");
            }

            var text = (string)node["text"]!;
            return (document ? Bm25Hashing.Document(text) : Bm25Hashing.Query(text)).ToDictionary(t => t.Index, t => t.Value);
        }

        var indices = node["indices"]!.AsArray().Select(v => (uint)v!).ToArray();
        var values = node["values"]!.AsArray().Select(v => (float)v!).ToArray();
        return indices.Zip(values).ToDictionary(t => t.First, t => t.Second);
    }

    private static JsonObject Record(FakePoint point, JsonNode request)
    {
        var record = new JsonObject { ["id"] = point.Id };
        // with_payload defaults to true for scroll and retrieve, false for the Query API.
        var queried = request["query"] is not null || request["prefetch"] is not null;
        if ((bool?)(request["with_payload"] as JsonValue) ?? !queried)
        {
            record["payload"] = point.Payload.DeepClone();
        }

        if (request["with_vector"] is JsonArray || (bool?)(request["with_vector"] as JsonValue) == true)
        {
            record["vector"] = new JsonObject { [QdrantPoints.Dense] = new JsonArray(point.Dense.Select(v => (JsonNode?)v).ToArray()) };
        }

        return record;
    }

    private static JsonObject Completed() => new() { ["operation_id"] = 1, ["status"] = "completed" };
}

/// <summary>Qdrant filter semantics for the conditions the connector sends: must/should/must_not, match value/any, range, is_empty, nested filters.</summary>
public static class FakeFilter
{
    public static bool Matches(JsonObject filter, JsonObject payload) =>
        All(filter["must"]).All(c => Condition(c, payload))
        && (filter["should"] is null || All(filter["should"]).Any(c => Condition(c, payload)))
        && !All(filter["must_not"]).Any(c => Condition(c, payload));

    private static IEnumerable<JsonObject> All(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject single => [single],
        _ => [],
    };

    private static bool Condition(JsonObject condition, JsonObject payload)
    {
        if (condition["is_empty"] is JsonObject empty)
        {
            return payload[(string)empty["key"]!] is null or JsonArray { Count: 0 };
        }

        if (condition["key"] is not JsonValue key)
        {
            return Matches(condition, payload);
        }

        var values = payload[(string)key!] switch
        {
            null => [],
            JsonArray array => array.Where(v => v is not null).Select(v => v!).ToList(),
            var single => [single],
        };
        if (condition["match"] is JsonObject match)
        {
            if (match["value"] is JsonNode value)
            {
                return values.Any(v => v.ToJsonString() == value.ToJsonString());
            }

            var any = match["any"]!.AsArray().Select(v => v!.ToJsonString()).ToHashSet(StringComparer.Ordinal);
            return values.Any(v => any.Contains(v.ToJsonString()));
        }

        if (condition["range"] is JsonObject range)
        {
            return values.Any(v => InRange(v, range));
        }

        throw new BadRequestException("unsupported condition " + condition.ToJsonString());
    }

    private static bool InRange(JsonNode value, JsonObject range)
    {
        static double Number(JsonNode n) => n.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? DateTimeOffset.Parse((string)n!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()
            : (double)n;
        var x = Number(value);
        return (range["gte"] is not { } gte || x >= Number(gte)) && (range["lte"] is not { } lte || x <= Number(lte))
            && (range["gt"] is not { } gt || x > Number(gt)) && (range["lt"] is not { } lt || x < Number(lt));
    }
}
