using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.SampleApis.Holidays.Calendar;

/// <summary>
/// The holiday calendar's API, described by <c>holidays.openapi.yaml</c> (served at <c>/openapi.yaml</c>): the holidays
/// of a country in a year, and the next one after a day. Public (no key). Bad input is a 400 naming the field, an
/// unknown country a 404.
/// </summary>
public static partial class HolidaysApi
{
    public static WebApplication MapHolidaysApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1/holidays").WithTags("Holidays");
        v1.MapGet("/{country}/{year}", List).WithName("listHolidays").WithSummary("The public holidays of a country in a year.");
        v1.MapGet("/{country}/next", Next).WithName("nextHoliday").WithSummary("The first public holiday of a country after a day.");
        app.MapGet("/openapi.yaml", () => Results.File(Path.Combine(AppContext.BaseDirectory, "holidays.openapi.yaml"), "application/yaml"))
            .WithName("getOpenApiDocument").WithSummary("This API's OpenAPI 3 document (YAML).");
        return app;
    }

    public sealed record HolidayList(string Country, int Year, int Count, string Summary, IReadOnlyList<Holiday> Holidays, string Source);

    public sealed record NextHoliday(string Country, string After, string Date, string Name, int DaysAway, string Source);

    internal static Results<Ok<HolidayList>, ValidationProblem, ProblemHttpResult> List(string country, string year, HolidayCalendar calendar)
    {
        var errors = new Dictionary<string, string[]>();
        var code = Country(country, errors);
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 2100)
        {
            errors["year"] = [$"'{year}' is not a year such as 2026."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (calendar.In(code, y) is not { } days)
        {
            return UnknownCountry(code, calendar);
        }

        var summary = string.Join("; ", days.Select(d => $"{d.Name} ({d.Date:yyyy-MM-dd})"));
        return TypedResults.Ok(new HolidayList(code, y, days.Count, summary, days, HolidayCalendar.Source));
    }

    internal static Results<Ok<NextHoliday>, ValidationProblem, ProblemHttpResult> Next(string country, string? after, HolidayCalendar calendar, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var code = Country(country, errors);
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!string.IsNullOrWhiteSpace(after) && !DateOnly.TryParseExact(after.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            errors["after"] = [$"'{after}' is not a date in the form YYYY-MM-DD."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!calendar.Knows(code))
        {
            return UnknownCountry(code, calendar);
        }

        return calendar.NextAfter(code, day) is { } next
            ? TypedResults.Ok(new NextHoliday(code, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), next.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                next.Name, next.Date.DayNumber - day.DayNumber, HolidayCalendar.Source))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No later holiday",
                detail: $"The calendar holds no {code} holiday after {day:yyyy-MM-dd}.");
    }

    private static string Country(string country, Dictionary<string, string[]> errors)
    {
        var code = country.Trim().ToUpperInvariant();
        if (!CountryCode().IsMatch(code))
        {
            errors["country"] = [$"'{country}' is not a two-letter country code such as DE."];
        }

        return code;
    }

    private static ProblemHttpResult UnknownCountry(string code, HolidayCalendar calendar) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown country",
            detail: $"No holidays are known for {code}; countries available: {string.Join(", ", calendar.Countries)}.");

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();
}
