using System.Text.Json.Nodes;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// A <see cref="ChunkFilter"/> as a Qdrant <c>Filter</c>: every criterion a <c>must</c> condition, a list criterion a
/// <c>match.any</c>, upload bounds a datetime <c>range</c>, and access a nested <c>should</c>
/// (no allowed groups, or one of the caller's). The same filter goes into every prefetch, so hidden chunks are never
/// candidates — the same guarantee the SQLite store gives in SQL.
/// </summary>
public static class QdrantFilters
{
    public static JsonObject For(ChunkFilter filter, params JsonObject[] extra)
    {
        var must = new JsonArray();
        if (filter.DocumentIds is { } ids)
        {
            must.Add(Any(QdrantPoints.DocumentId, ids));
        }

        if (filter.SourceNames is { } names)
        {
            must.Add(Any(QdrantPoints.Source, names.Select(n => n.ToLowerInvariant())));
        }

        if (filter.Tags is { } tags)
        {
            must.Add(Any(QdrantPoints.Tags, tags.Select(t => t.ToLowerInvariant())));
        }

        if (filter.UploadedFrom is not null || filter.UploadedTo is not null)
        {
            var range = new JsonObject();
            if (filter.UploadedFrom is { } from)
            {
                range["gte"] = QdrantPoints.Timestamp(from);
            }

            if (filter.UploadedTo is { } to)
            {
                range["lte"] = QdrantPoints.Timestamp(to);
            }

            must.Add(new JsonObject { ["key"] = QdrantPoints.UploadedAt, ["range"] = range });
        }

        var unrestricted = new JsonObject { ["is_empty"] = new JsonObject { ["key"] = QdrantPoints.AllowedGroups } };
        must.Add(filter.CallerGroups.Count == 0
            ? unrestricted
            : new JsonObject { ["should"] = new JsonArray(unrestricted, Any(QdrantPoints.AllowedGroups, filter.CallerGroups)) });
        foreach (var condition in extra)
        {
            must.Add(condition);
        }

        return new JsonObject { ["must"] = must };
    }

    /// <summary>No access condition: for maintenance (delete, migration), never for a caller's query.</summary>
    public static JsonObject Unrestricted(params JsonObject[] conditions) => new() { ["must"] = new JsonArray(conditions) };

    public static JsonObject Match(string key, string value) =>
        new() { ["key"] = key, ["match"] = new JsonObject { ["value"] = value } };

    public static JsonObject Any(string key, IEnumerable<string> values) =>
        new() { ["key"] = key, ["match"] = new JsonObject { ["any"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray()) } };
}
