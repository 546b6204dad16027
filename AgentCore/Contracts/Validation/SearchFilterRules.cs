using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Validation;

/// <summary>
/// Limits on <see cref="SearchFilters"/>, the same at the Gateway (<c>/v1/ask</c>, <c>/v1/search</c>) and at every agent that
/// filters: each list is bounded and holds no blank or oversized value, and the upload date range is not inverted.
/// Errors are keyed <c>filters.&lt;field&gt;</c>.
/// </summary>
public static class SearchFilterRules
{
    public const int MaxDocumentIds = 100;
    public const int MaxSourceNames = 100;
    public const int MaxTags = 50;
    public const int MaxDocumentIdLength = 128;
    public const int MaxSourceNameLength = 255;
    public const int MaxTagLength = 64;

    public static FieldErrors RequireValidFilters(this FieldErrors errors, SearchFilters? filters)
    {
        if (filters is null)
        {
            return errors;
        }

        errors.RequireList("filters.documentIds", filters.DocumentIds, MaxDocumentIds, MaxDocumentIdLength)
            .RequireList("filters.sourceNames", filters.SourceNames, MaxSourceNames, MaxSourceNameLength)
            .RequireList("filters.tags", filters.Tags, MaxTags, MaxTagLength);
        if (filters.UploadedFrom is { } from && filters.UploadedTo is { } to && from > to)
        {
            errors["filters.uploadedTo"] = [$"filters.uploadedTo ({to:O}) must not be before filters.uploadedFrom ({from:O})."];
        }

        return errors;
    }
}
