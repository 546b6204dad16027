using System.Globalization;

namespace Switchboard.ReportingAgent.Reports;

/// <summary>
/// Parses the <c>from</c>/<c>to</c> query parameters: an ISO 8601 date (<c>2025-03-12</c>) or date-time
/// (<c>2025-03-12T08:00:00Z</c>; no offset means UTC). A date as <c>from</c> is the start of that UTC day; a date
/// as <c>to</c> is the end of that day, so <c>from=2025-03-12&amp;to=2025-03-12</c> is the whole day. A date-time
/// <c>to</c> is exclusive. <c>to</c> defaults to now and <c>from</c> to <see cref="ReportingOptions.DefaultReportWindow"/>
/// (24 hours) before <c>to</c>.
/// </summary>
public static class ReportRangeQuery
{
    public static bool TryParse(
        string? from, string? to, DateTimeOffset now, TimeSpan defaultWindow,
        out TimeRange range, out Dictionary<string, string[]> errors)
    {
        errors = [];
        DateTimeOffset? start = null, end = null;

        if (!string.IsNullOrWhiteSpace(from))
        {
            start = ParseInstant(from, endOfDay: false);
            if (start is null)
            {
                errors["from"] = [$"'{from}' is not an ISO 8601 date (2025-03-12) or date-time (2025-03-12T08:00:00Z)."];
            }
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            end = ParseInstant(to, endOfDay: true);
            if (end is null)
            {
                errors["to"] = [$"'{to}' is not an ISO 8601 date (2025-03-12) or date-time (2025-03-12T08:00:00Z)."];
            }
        }

        if (errors.Count > 0)
        {
            range = default;
            return false;
        }

        var rangeEnd = end ?? now;
        var rangeStart = start ?? rangeEnd - defaultWindow;
        // A date 'to' already points past its day, so from=13th&to=12th arrives here as an empty range: reject it too.
        var toIsDate = end is not null && to!.Length == 10;
        if (rangeStart > rangeEnd || (toIsDate && rangeStart == rangeEnd))
        {
            errors["from"] = [$"'from' ({TimeRange.Format(rangeStart)}) must not be after 'to' ({TimeRange.Format(rangeEnd)})."];
            range = default;
            return false;
        }

        range = new TimeRange(rangeStart, rangeEnd);
        return true;
    }

    private static DateTimeOffset? ParseInstant(string value, bool endOfDay)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? midnight.AddDays(1) : midnight;
        }

        // 'T' separates ISO 8601 date and time; requiring it keeps out the looser formats TryParse also accepts.
        if (value.Length > 10 && value[10] is 'T' or 't'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        return null;
    }
}
