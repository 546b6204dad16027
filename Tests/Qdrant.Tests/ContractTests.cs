using System.Text.Json.Nodes;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Qdrant;
using Switchboard.RetrievalAgent.Store.VectorData;
using Xunit.Abstractions;

namespace Switchboard.Qdrant.Tests;

/// <summary>
/// Every request body the connector sends is validated against the schema the spec names for that path and method,
/// and every response the fake sends (which the connector parsed) against the spec's 200 response schema.
/// </summary>
public sealed class ContractTests(ITestOutputHelper output)
{
    [ContractFact]
    public void The_validator_accepts_the_reference_examples_and_rejects_wrong_bodies()
    {
        var examples = JsonNode.Parse(File.ReadAllText(Path.Combine(QdrantSpec.ContractsFolder, "qdrant-request-examples.json")))!.AsObject();
        foreach (var (name, example) in examples.Where(e => e.Value is JsonObject))
        {
            Assert.True(QdrantSpec.Validate((string)example!["schema"]!, example["body"]) is { Count: 0 }, name);
        }

        Assert.NotEmpty(QdrantSpec.Validate("CreateCollection", JsonNode.Parse("""{"vectors":{"dense":{"size":4,"distance":"cosine"}}}""")));
        Assert.NotEmpty(QdrantSpec.Validate("Filter", JsonNode.Parse("""{"must":[],"unknown":1}""")));
        Assert.NotEmpty(QdrantSpec.Validate("QueryRequest", JsonNode.Parse("""{"limit":"ten"}""")));
    }

    [ContractFact]
    public async Task Every_request_body_and_response_matches_the_spec()
    {
        foreach (var sparse in new[] { SparseEncoding.ServerBm25, SparseEncoding.ClientHashing })
        {
            await using var h = await QdrantHarness.StartAsync(o => o.Sparse = sparse);
            await ExerciseEverythingAsync(h);

            var bodies = h.Server.Requests.Where(r => r.Body is not null).ToList();
            Assert.NotEmpty(bodies);
            var operations = new HashSet<string>(StringComparer.Ordinal);
            foreach (var request in bodies)
            {
                var schema = QdrantSpec.RequestSchema(request.Method, request.Path);
                Assert.True(schema is not null, $"{request.Method} {request.Path} is not an operation of the spec");
                var errors = QdrantSpec.Validate(schema!, request.Body);
                Assert.True(errors.Count == 0, $"{request.Method} {request.Path} ({schema}): {string.Join("; ", errors)}\n{request.Body!.ToJsonString()[..Math.Min(600, request.Body.ToJsonString().Length)]}");
                operations.Add(schema!);
            }

            output.WriteLine($"{sparse}: {bodies.Count} bodies validated, schemas: {string.Join(", ", operations.Order())}");
            Assert.Superset(
                new HashSet<string> { "CreateCollection", "CreateFieldIndex", "PointInsertOperations", "PointsSelector", "CountRequest", "ScrollRequest", "PointRequest", "QueryRequest" },
                operations);

            foreach (var (method, path, envelope) in h.Server.Responses)
            {
                var schema = QdrantSpec.ResponseSchema(method, path);
                Assert.True(schema is not null, $"no 200 schema for {method} {path}");
                var errors = QdrantSpec.Validate(schema!, envelope, $"response {method} {path}");
                Assert.True(errors.Count == 0, $"response of {method} {path}: {string.Join("; ", errors)}");
            }
        }
    }

    /// <summary>Every operation the connector has: the store's, the VectorData collection's, bootstrap and teardown.</summary>
    private static async Task ExerciseEverythingAsync(QdrantHarness h)
    {
        await ConnectorTests.FourDocumentsAsync(h.Store);
        var filter = new ChunkFilter { DocumentIds = ["hr", "board"], SourceNames = ["hr.txt"], Tags = ["policy"], UploadedFrom = ConnectorTests.January, UploadedTo = ConnectorTests.March, CallerGroups = ["finance"] };
        await h.Store.SearchAsync("hotel", 5, filter);
        await h.Store.VectorSearchAsync(QdrantHarness.Embedder.Embed("hotel"), 5, filter);
        await h.Store.GetChunksAsync("hr", filter);
        await h.Store.GetChunksByIdAsync(["hr:0", "nope:0"]);
        await h.Store.GetTermStatisticsAsync(["hotel"], new ChunkFilter { CallerGroups = ["finance"] });
        await h.Store.CountDocumentsAsync();
        await h.Store.DeleteDocumentAsync("sales");

        await h.Collection.UpsertAsync(new ChunkRecord { Id = "x:0", DocumentId = "x", DocumentName = "x.md", Text = "Extra record", Page = 2 });
        await h.Collection.GetAsync("x:0", new Microsoft.Extensions.VectorData.RecordRetrievalOptions { IncludeVectors = true });
        await h.Collection.SearchAsync("hotel", 3).ToListAsync();
        await h.Collection.HybridSearchAsync("hotel", ["hotel"], 3).ToListAsync();
        await h.Collection.GetAsync(r => r.DocumentId == "x", 5).ToListAsync();
        await h.Collection.DeleteAsync("x:0");
        await h.Collection.CollectionExistsAsync();
        await h.Collection.EnsureCollectionDeletedAsync();
    }
}
