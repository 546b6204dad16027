using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.SampleApis.FxRates.Rates;

public static partial class RatesApi
{
    public static WebApplication MapFxRatesApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1").AddEndpointFilter<ApiKeyFilter>().WithTags("FX rates");
        v1.MapGet("/rates/{base}/{quote}", GetRate).WithName("GetRate").WithSummary("The exchange rate from one currency to another, with its date.");
        v1.MapGet("/currencies", GetCurrencies).WithName("GetCurrencies").WithSummary("The currencies rates are known for.");
        return app;
    }

    /// <summary>The <paramref name="base"/>/<paramref name="quote"/> reference rate on <paramref name="date"/> (default: the latest day).</summary>
    internal static Results<Ok<FxRate>, ValidationProblem, ProblemHttpResult> GetRate(string @base, string quote, string? date, RateTable table)
    {
        var errors = new Dictionary<string, string[]>();
        var baseCode = @base.Trim().ToUpperInvariant();
        var quoteCode = quote.Trim().ToUpperInvariant();
        if (!CurrencyCode().IsMatch(baseCode))
        {
            errors["base"] = [$"'{@base}' is not a three-letter currency code such as EUR."];
        }

        if (!CurrencyCode().IsMatch(quoteCode))
        {
            errors["quote"] = [$"'{quote}' is not a three-letter currency code such as USD."];
        }

        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                day = parsed;
            }
            else
            {
                errors["date"] = [$"'{date}' is not a date in the form YYYY-MM-DD."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var lookup = table.Find(baseCode, quoteCode, day);
        if (lookup.Rate is { } rate)
        {
            return TypedResults.Ok(rate);
        }

        return lookup.MissingDate is { } missing
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No rates for that date",
                detail: $"There are no reference rates for {missing:yyyy-MM-dd}; dates available: {string.Join(", ", table.Dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}.")
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown currency",
                detail: $"No rates for {string.Join(", ", lookup.UnknownCurrencies)}; currencies available: {string.Join(", ", table.Currencies)}.");
    }

    internal static Ok<CurrencyList> GetCurrencies(RateTable table) =>
        TypedResults.Ok(new CurrencyList(table.Currencies, table.Dates, table.BaseCurrency, table.Source, table.Notice));

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}

/// <summary>What the sample API knows: its currencies, its days and where the numbers come from.</summary>
public sealed record CurrencyList(IReadOnlyList<string> Currencies, IReadOnlyList<DateOnly> Dates, string Base, string Source, string Notice);
