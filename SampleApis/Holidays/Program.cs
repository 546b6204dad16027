using Switchboard.SampleApis.Holidays.Calendar;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(HolidayCalendar.Sample);
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseOverloadControl();
app.MapDefaultEndpoints();
app.MapHolidaysApi();
app.Run();

public partial class Program;
