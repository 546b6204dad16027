using Cronos;

namespace Switchboard.Workflows.Engine;

/// <summary>Cron as the configuration writes it: 5 fields, or 6 with seconds first; always UTC.</summary>
public static class CronSchedule
{
    public static bool TryParse(string? text, out CronExpression? expression, out string? error)
    {
        expression = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            expression = CronExpression.Parse(text.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The next occurrence after <paramref name="from"/>, or null without a (valid) cron.</summary>
    public static DateTimeOffset? Next(string? text, DateTimeOffset from) =>
        TryParse(text, out var expression, out _) ? expression!.GetNextOccurrence(from, TimeZoneInfo.Utc) : null;
}
