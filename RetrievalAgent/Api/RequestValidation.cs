using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.RetrievalAgent.Search;

namespace Switchboard.RetrievalAgent.Api;

/// <summary>The checks every retrieval request shares: the text, topK, the filters and the caller's groups.</summary>
internal static class RequestValidation
{
    /// <summary>Longest accepted query or question, in characters; longer input is a client error, not a search.</summary>
    public const int MaxQueryLength = Limits.MaxQuestionLength;

    /// <summary>Most groups a caller may carry, and the longest group name.</summary>
    public const int MaxListValues = Limits.MaxCallerGroups;
    public const int MaxValueLength = Limits.MaxGroupNameLength;

    public static FieldErrors? Validate(string textField, string? text, int? topK, SearchFilters? filters, IReadOnlyList<string>? callerGroups)
    {
        var errors = new FieldErrors()
            .RequireText(textField, text, MaxQueryLength)
            .RequireRange("topK", topK, Limits.MinTopK, ChunkSearcher.MaxTopK)
            .RequireValidFilters(filters)
            .RequireList("callerGroups", callerGroups, MaxListValues, MaxValueLength);
        return errors.IsValid ? null : errors;
    }

    public static FieldErrors? ValidateGroups(IReadOnlyList<string>? callerGroups)
    {
        var errors = new FieldErrors().RequireList("callerGroups", callerGroups, MaxListValues, MaxValueLength);
        return errors.IsValid ? null : errors;
    }
}
