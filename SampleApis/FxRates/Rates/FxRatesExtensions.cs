namespace Switchboard.SampleApis.FxRates.Rates;

public static class FxRatesExtensions
{
    /// <summary>Binds <c>FxRates</c> and loads the rate table now, so a missing or broken data file stops the start.</summary>
    public static WebApplicationBuilder AddFxRates(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FxRatesOptions>()
            .BindConfiguration(FxRatesOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataFile), "FxRates:DataFile is required.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(FxRatesOptions.SectionName).Get<FxRatesOptions>() ?? new FxRatesOptions();
        var path = Path.Combine(builder.Environment.ContentRootPath, options.DataFile);
        builder.Services.AddSingleton(RateTable.Load(path));
        return builder;
    }
}
