using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// The cache key of one question: SHA-256 over a canonical JSON of everything that decides the answer — the normalised
/// standalone question, the route's intent, <c>topK</c>, the filters (lists sorted, dates in UTC), the caller's groups
/// (sorted) and the corpus version. Two callers share an entry only when they may read exactly the same documents, and
/// any document change (a new corpus version) makes every older entry unreachable.
/// </summary>
public static partial class AnswerCacheKey
{
    public const string Prefix = "sb:answer-cache:";

    public static string For(string question, string intent, int? topK, SearchFilters? filters, IReadOnlyList<string> callerGroups, long corpusVersion)
    {
        var canonical = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["v"] = 1,
            ["question"] = Normalize(question),
            ["intent"] = intent,
            ["topK"] = topK,
            ["filters"] = Canonical(filters),
            ["groups"] = Sorted(callerGroups),
            ["corpus"] = corpusVersion,
        };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical)));
        return Prefix + Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Case, Unicode form, runs of whitespace and trailing punctuation do not change what is asked:
    /// "What is the refund policy?" and "what is the  refund policy" share an entry.
    /// </summary>
    public static string Normalize(string question) =>
        Whitespace().Replace(question.Normalize(NormalizationForm.FormKC).ToLowerInvariant(), " ").Trim().TrimEnd('?', '.', '!', ' ');

    private static SortedDictionary<string, object?>? Canonical(SearchFilters? filters) =>
        filters is null ? null : new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["documentIds"] = Sorted(filters.DocumentIds),
            ["sourceNames"] = Sorted(filters.SourceNames),
            ["tags"] = Sorted(filters.Tags),
            ["uploadedFrom"] = Utc(filters.UploadedFrom),
            ["uploadedTo"] = Utc(filters.UploadedTo),
        };

    private static string[]? Sorted(IReadOnlyList<string>? values) =>
        values is null or { Count: 0 } ? null : values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static string? Utc(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
