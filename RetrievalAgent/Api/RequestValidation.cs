using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.RetrievalAgent.Search;

namespace Switchboard.RetrievalAgent.Api;

/// <summary>The checks every retrieval request shares: the text, topK, the filters and the caller's groups.</summary>
internal static class RequestValidation
{
    /// <summary>Longest accepted query or question, in characters; longer input is a client error, not a search.</summary>
    public const int MaxQueryLength = 4000;

    /// <summary>Most values in one filter list or in the caller's groups, and the longest value.</summary>
    public const int MaxListValues = 100;
    public const int MaxValueLength = 256;

    public static FieldErrors? Validate(string textField, string? text, int? topK, SearchFilters? filters, IReadOnlyList<string>? callerGroups)
    {
        var errors = new FieldErrors()
            .RequireText(textField, text, MaxQueryLength)
            .RequireRange("topK", topK, 1, ChunkSearcher.MaxTopK);
        List("filters.documentIds", filters?.DocumentIds, errors);
        List("filters.sourceNames", filters?.SourceNames, errors);
        List("filters.tags", filters?.Tags, errors);
        List("callerGroups", callerGroups, errors);
        if (filters is { UploadedFrom: { } from, UploadedTo: { } to } && from > to)
        {
            errors["filters.uploadedTo"] = [$"filters.uploadedTo ({to:O}) is before filters.uploadedFrom ({from:O})."];
        }

        return errors.IsValid ? null : errors;
    }

    public static FieldErrors? ValidateGroups(IReadOnlyList<string>? callerGroups)
    {
        var errors = new FieldErrors();
        List("callerGroups", callerGroups, errors);
        return errors.IsValid ? null : errors;
    }

    private static void List(string field, IReadOnlyList<string>? values, FieldErrors errors)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > MaxListValues)
        {
            errors[field] = [$"{field} has {values.Count} values; the limit is {MaxListValues}."];
        }
        else if (values.Any(v => v is null || v.Length > MaxValueLength))
        {
            errors[field] = [$"Every value of {field} must be a string of at most {MaxValueLength} characters."];
        }
    }
}
