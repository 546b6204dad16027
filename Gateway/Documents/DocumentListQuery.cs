using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// The query of <c>GET /v1/documents</c>: filters (<c>name</c> contains, case-insensitive; <c>status</c>; <c>tag</c>) and
/// keyset pagination (<c>limit</c> 1–<see cref="MaxLimit"/>, <c>cursor</c> from the previous page's <c>Link: rel="next"</c>).
/// Newest first (by creation, then id), so a page never repeats or skips a document when others are uploaded meanwhile.
/// Without <c>limit</c> every match is returned, as before pagination existed.
/// </summary>
public sealed record DocumentListQuery(string? Name, string? Status, string? Tag, int? Limit, (DateTimeOffset CreatedAt, string Id)? After)
{
    public const int MaxLimit = 200;
    public const int MaxFilterLength = 256;
    private static readonly string[] Statuses = [DocumentStatus.Queued, DocumentStatus.Processing, DocumentStatus.Ready, DocumentStatus.Failed];

    public static (DocumentListQuery? Query, FieldErrors Errors) Parse(IQueryCollection query)
    {
        var errors = new FieldErrors();
        string? Text(string key)
        {
            var value = query[key].ToString().Trim();
            if (value.Length > MaxFilterLength)
            {
                errors[key] = [$"{key} is {value.Length} characters long; the limit is {MaxFilterLength}."];
            }

            return value.Length == 0 ? null : value;
        }

        var name = Text("name");
        var tag = Text("tag");
        var status = Text("status");
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", Statuses)}."];
        }

        int? limit = null;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxLimit)
            {
                limit = parsed;
            }
            else
            {
                errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
            }
        }

        (DateTimeOffset, string)? after = null;
        if (query.TryGetValue("cursor", out var cursorText))
        {
            after = DecodeCursor(cursorText.ToString());
            if (after is null)
            {
                errors["cursor"] = ["cursor is not one this API gave out: pass the cursor of the Link rel=\"next\" header unchanged."];
            }
            else if (limit is null)
            {
                errors["cursor"] = ["cursor needs limit (the page size)."];
            }
        }

        return errors.IsValid ? (new DocumentListQuery(name, status, tag, limit, after), errors) : (null, errors);
    }

    /// <summary>The matching documents of this page, the number of matches in all, and the cursor of the next page (null on the last).</summary>
    public (IReadOnlyList<DocumentInfo> Page, int Total, string? NextCursor) Apply(IEnumerable<DocumentInfo> documents)
    {
        var matches = documents
            .Where(d => Name is null || d.Name.Contains(Name, StringComparison.OrdinalIgnoreCase))
            .Where(d => Status is null || d.Status == Status)
            .Where(d => Tag is null || d.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase))
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal)
            .ToList();
        if (Limit is not { } limit)
        {
            return (matches, matches.Count, null);
        }

        var rest = After is { } after
            ? matches.Where(d => d.CreatedAt < after.CreatedAt || (d.CreatedAt == after.CreatedAt && string.CompareOrdinal(d.Id, after.Id) < 0))
            : matches;
        var page = rest.Take(limit + 1).ToList();
        var next = page.Count > limit ? EncodeCursor(page[limit - 1]) : null;
        return (page.Take(limit).ToList(), matches.Count, next);
    }

    private static string EncodeCursor(DocumentInfo last) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{last.Id}"));

    private static (DateTimeOffset, string)? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && long.TryParse(text[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                   && ticks <= DateTimeOffset.MaxValue.UtcTicks && text.Length > bar + 1
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
