namespace Switchboard.SampleApis.FxRates.Rates;

/// <summary>Bound from <c>FxRates</c>.</summary>
public sealed class FxRatesOptions
{
    public const string SectionName = "FxRates";

    /// <summary>The rate table, relative to the content root.</summary>
    public string DataFile { get; set; } = "data/fx-rates.json";

    /// <summary>
    /// When set, every <c>/v1</c> request must carry it in <c>X-Api-Key</c> (so the REST connector's auth header is
    /// exercised end to end). Set it from the environment (<c>FxRates__ApiKey</c>), never in a committed file.
    /// </summary>
    public string? ApiKey { get; set; }
}
