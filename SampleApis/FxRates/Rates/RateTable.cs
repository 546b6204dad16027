using System.Globalization;
using System.Text.Json;

namespace Switchboard.SampleApis.FxRates.Rates;

/// <summary>
/// Daily reference rates against one base currency (EUR), loaded once from the JSON data file. Any pair is derived
/// from the two EUR rates (cross rate), rounded to 4 decimals like published reference rates.
/// </summary>
public sealed class RateTable
{
    private readonly SortedDictionary<DateOnly, IReadOnlyDictionary<string, decimal>> _days;

    private RateTable(string source, string notice, string baseCurrency, SortedDictionary<DateOnly, IReadOnlyDictionary<string, decimal>> days)
    {
        Source = source;
        Notice = notice;
        BaseCurrency = baseCurrency;
        _days = days;
        Currencies = [.. days.Values.SelectMany(d => d.Keys).Append(baseCurrency).Distinct().Order(StringComparer.Ordinal)];
    }

    public string Source { get; }

    public string Notice { get; }

    public string BaseCurrency { get; }

    public IReadOnlyList<string> Currencies { get; }

    public IReadOnlyList<DateOnly> Dates => [.. _days.Keys];

    public DateOnly Latest => _days.Keys.Last();

    /// <summary>Loads and checks the data file; a broken file stops the service at start-up, naming the setting.</summary>
    public static RateTable Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"FxRates:DataFile '{path}' does not exist.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            var file = JsonSerializer.Deserialize<RateFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException("the file is empty");
            if (string.IsNullOrWhiteSpace(file.Base) || file.Rates is not { Count: > 0 })
            {
                throw new InvalidOperationException("it needs a 'base' currency and at least one day under 'rates'");
            }

            var days = new SortedDictionary<DateOnly, IReadOnlyDictionary<string, decimal>>();
            foreach (var (date, rates) in file.Rates)
            {
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    throw new InvalidOperationException($"'{date}' is not a yyyy-MM-dd date");
                }

                if (rates.Values.Any(r => r <= 0))
                {
                    throw new InvalidOperationException($"{date} has a rate that is not positive");
                }

                days[day] = new Dictionary<string, decimal>(rates, StringComparer.Ordinal) { [file.Base] = 1m };
            }

            return new RateTable(file.Source ?? "sample data", file.Notice ?? "", file.Base, days);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"FxRates:DataFile '{path}' is not a valid rate table: {ex.Message}", ex);
        }
    }

    public RateLookup Find(string baseCurrency, string quoteCurrency, DateOnly? date)
    {
        var day = date ?? Latest;
        if (!_days.TryGetValue(day, out var rates))
        {
            return RateLookup.NoDate(day);
        }

        var unknown = new[] { baseCurrency, quoteCurrency }.Where(c => !rates.ContainsKey(c)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            return RateLookup.NoCurrency(unknown);
        }

        var rate = Math.Round(rates[quoteCurrency] / rates[baseCurrency], 4, MidpointRounding.AwayFromZero);
        return RateLookup.Found(new FxRate(baseCurrency, quoteCurrency, rate, day, Source));
    }

    private sealed record RateFile(string? Notice, string? Source, string? Base, Dictionary<string, Dictionary<string, decimal>>? Rates);
}

/// <summary>What <c>GET /v1/rates/{base}/{quote}</c> returns.</summary>
public sealed record FxRate(string Base, string Quote, decimal Rate, DateOnly AsOf, string Source);

public sealed record RateLookup(FxRate? Rate, DateOnly? MissingDate, IReadOnlyList<string> UnknownCurrencies)
{
    public static RateLookup Found(FxRate rate) => new(rate, null, []);

    public static RateLookup NoDate(DateOnly date) => new(null, date, []);

    public static RateLookup NoCurrency(IReadOnlyList<string> currencies) => new(null, null, currencies);
}
