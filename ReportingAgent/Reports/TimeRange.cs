using System.Globalization;

namespace Switchboard.ReportingAgent.Reports;

/// <summary>A half-open UTC interval: <see cref="From"/> inclusive, <see cref="To"/> exclusive.</summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Format(From)}/{Format(To)}";
}
