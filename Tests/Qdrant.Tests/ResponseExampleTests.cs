using System.Text.Json.Nodes;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Qdrant;
using Xunit.Abstractions;

namespace Switchboard.Qdrant.Tests;

/// <summary>
/// The connector parses responses shaped as the spec says Qdrant answers, not only as our fake writes them: each
/// example is generated from the operation's 200 response schema, given our payload (the part the spec leaves open),
/// checked to still match the schema, and served to the connector.
/// </summary>
public sealed class ResponseExampleTests(ITestOutputHelper output)
{
    private static readonly StoredChunk Chunk = new("doc-1:0", "doc-1", "policy.pdf", 0, 2, null, "Refunds are prorated for annual plans.");

    private static JsonObject Payload() => new()
    {
        [QdrantPoints.ChunkId] = Chunk.Id,
        [QdrantPoints.DocumentId] = Chunk.DocumentId,
        [QdrantPoints.DocumentName] = Chunk.DocumentName,
        [QdrantPoints.Source] = Chunk.DocumentName,
        [QdrantPoints.Ordinal] = Chunk.Ordinal,
        [QdrantPoints.Page] = Chunk.Page,
        [QdrantPoints.Row] = null,
        [QdrantPoints.Text] = Chunk.Text,
        [QdrantPoints.Tags] = new JsonArray(),
        [QdrantPoints.TagLabels] = new JsonArray(),
        [QdrantPoints.AllowedGroups] = new JsonArray(),
        [QdrantPoints.UploadedAt] = QdrantPoints.Timestamp(DateTimeOffset.Parse("2026-11-20T09:00:00Z")),
    };

    private JsonNode Example(string method, string path, Action<JsonObject> withOurData)
    {
        var example = QdrantSpec.ResponseExample(method, path);
        withOurData(example["result"]!.AsObject());
        var errors = QdrantSpec.Validate(QdrantSpec.ResponseSchema(method, path)!, example, $"response {method} {path}");
        Assert.True(errors.Count == 0, $"the example no longer matches the spec: {string.Join("; ", errors)}");
        output.WriteLine($"{method} {path}: {example.ToJsonString()}");
        return example;
    }

    private static JsonObject PointFrom(JsonObject generated, double? score)
    {
        generated["id"] = QdrantPoints.PointId(Chunk.Id);
        generated["payload"] = Payload();
        if (score is { } value)
        {
            generated["score"] = value;
        }

        return generated;
    }

    [ContractFact]
    public async Task A_query_response_generated_from_the_spec_is_parsed_into_scored_chunks()
    {
        await using var h = await QdrantHarness.StartAsync();
        await h.Store.CountDocumentsAsync(); // bootstrap the collection first, against the fake

        var path = $"/collections/{h.Options.CollectionName}/points/query";
        var example = Example("POST", path, result =>
        {
            var points = result["points"]!.AsArray();
            var generated = points.Count > 0 ? points[0]!.AsObject().DeepClone().AsObject() : new JsonObject { ["version"] = 1, ["score"] = 0 };
            result["points"] = new JsonArray(PointFrom(generated, score: 0.87));
        });
        h.Server.FailNext(200, example.ToJsonString(), count: 2);

        var hits = await h.Store.SearchAsync("refund annual plans", 5);

        var hit = Assert.Single(hits);
        Assert.Equal(Chunk.Id, hit.Chunk.Id);
        Assert.Equal(Chunk.Text, hit.Chunk.Text);
        Assert.Equal(2, hit.Chunk.Page);
        Assert.Equal("policy.pdf", hit.Chunk.DocumentName);
    }

    [ContractFact]
    public async Task A_scroll_response_generated_from_the_spec_is_parsed_into_chunks()
    {
        await using var h = await QdrantHarness.StartAsync();
        await h.Store.CountDocumentsAsync();

        var path = $"/collections/{h.Options.CollectionName}/points/scroll";
        var example = Example("POST", path, result =>
        {
            var points = result["points"]!.AsArray();
            var generated = points.Count > 0 ? points[0]!.AsObject().DeepClone().AsObject() : new JsonObject();
            result["points"] = new JsonArray(PointFrom(generated, score: null));
            result["next_page_offset"] = null; // the last page
        });
        h.Server.FailNext(200, example.ToJsonString());

        var chunks = await h.Store.GetChunksAsync(Chunk.DocumentId);

        var chunk = Assert.Single(chunks);
        Assert.Equal(Chunk.Id, chunk.Id);
        Assert.Equal(Chunk.Text, chunk.Text);
        Assert.Equal(Chunk.Ordinal, chunk.Ordinal);
    }
}
