using Switchboard.SampleApis.FxRates.Rates;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFxRates();

var app = builder.Build();
app.UseProblemResponses();
app.UseOverloadControl();
app.MapDefaultEndpoints();
app.MapFxRatesApi();
app.Run();

public partial class Program;
