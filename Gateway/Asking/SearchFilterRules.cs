using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// Limits on <see cref="SearchFilters"/> for <c>/v1/ask</c> and <c>/v1/search</c>: each list is bounded and holds no blank
/// or oversized value, and the upload date range is not inverted. Errors are keyed <c>filters.&lt;field&gt;</c>.
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

        CheckList(errors, "filters.documentIds", filters.DocumentIds, MaxDocumentIds, MaxDocumentIdLength, "ids");
        CheckList(errors, "filters.sourceNames", filters.SourceNames, MaxSourceNames, MaxSourceNameLength, "names");
        CheckList(errors, "filters.tags", filters.Tags, MaxTags, MaxTagLength, "tags");
        if (filters.UploadedFrom is { } from && filters.UploadedTo is { } to && from > to)
        {
            errors["filters.uploadedTo"] = [$"filters.uploadedTo ({to:O}) must not be before filters.uploadedFrom ({from:O})."];
        }

        return errors;
    }

    private static void CheckList(FieldErrors errors, string field, IReadOnlyList<string>? values, int maxCount, int maxLength, string what)
    {
        if (values is not null && (values.Count > maxCount || values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > maxLength)))
        {
            errors[field] = [$"{field} must hold at most {maxCount} non-empty {what} of at most {maxLength} characters each."];
        }
    }
}
