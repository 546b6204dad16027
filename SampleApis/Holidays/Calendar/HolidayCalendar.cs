namespace Switchboard.SampleApis.Holidays.Calendar;

/// <summary>One public holiday.</summary>
public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// Public holidays by country (ISO 3166-1 alpha-2) and day. The sample holds the 2026 and 2027 national holidays of a few
/// countries (demo data, not an authority: regional holidays are left out).
/// </summary>
public sealed class HolidayCalendar(IReadOnlyDictionary<string, IReadOnlyList<Holiday>> byCountry)
{
    public const string Source = "Switchboard sample holiday calendar (demo data)";

    public IReadOnlyList<string> Countries => [.. byCountry.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyList<Holiday>? In(string country, int year) =>
        byCountry.TryGetValue(country, out var all) ? [.. all.Where(h => h.Date.Year == year).OrderBy(h => h.Date)] : null;

    public Holiday? NextAfter(string country, DateOnly after) =>
        byCountry.TryGetValue(country, out var all) ? all.Where(h => h.Date > after).OrderBy(h => h.Date).FirstOrDefault() : null;

    public bool Knows(string country) => byCountry.ContainsKey(country);

    public static HolidayCalendar Sample { get; } = new(new Dictionary<string, IReadOnlyList<Holiday>>(StringComparer.Ordinal)
    {
        ["DE"] = Days(
            ("2026-01-01", "New Year's Day"), ("2026-04-03", "Good Friday"), ("2026-04-06", "Easter Monday"), ("2026-05-01", "Labour Day"),
            ("2026-05-14", "Ascension Day"), ("2026-05-25", "Whit Monday"), ("2026-10-03", "German Unity Day"), ("2026-12-25", "Christmas Day"),
            ("2026-12-26", "Second Day of Christmas"), ("2027-01-01", "New Year's Day"), ("2027-03-26", "Good Friday"), ("2027-03-29", "Easter Monday")),
        ["FR"] = Days(
            ("2026-01-01", "New Year's Day"), ("2026-04-06", "Easter Monday"), ("2026-05-01", "Labour Day"), ("2026-05-08", "Victory in Europe Day"),
            ("2026-05-14", "Ascension Day"), ("2026-05-25", "Whit Monday"), ("2026-07-14", "Bastille Day"), ("2026-08-15", "Assumption of Mary"),
            ("2026-11-01", "All Saints' Day"), ("2026-11-11", "Armistice Day"), ("2026-12-25", "Christmas Day"), ("2027-01-01", "New Year's Day")),
        ["GB"] = Days(
            ("2026-01-01", "New Year's Day"), ("2026-04-03", "Good Friday"), ("2026-04-06", "Easter Monday"), ("2026-05-04", "Early May Bank Holiday"),
            ("2026-05-25", "Spring Bank Holiday"), ("2026-08-31", "Summer Bank Holiday"), ("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day (substitute day)"),
            ("2027-01-01", "New Year's Day")),
        ["US"] = Days(
            ("2026-01-01", "New Year's Day"), ("2026-01-19", "Martin Luther King Jr. Day"), ("2026-02-16", "Presidents' Day"), ("2026-05-25", "Memorial Day"),
            ("2026-06-19", "Juneteenth"), ("2026-07-03", "Independence Day (observed)"), ("2026-09-07", "Labor Day"), ("2026-10-12", "Columbus Day"),
            ("2026-11-11", "Veterans Day"), ("2026-11-26", "Thanksgiving Day"), ("2026-12-25", "Christmas Day"), ("2027-01-01", "New Year's Day")),
    });

    private static IReadOnlyList<Holiday> Days(params (string Date, string Name)[] days) =>
        [.. days.Select(d => new Holiday(DateOnly.ParseExact(d.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Name))];
}
