using Switchboard.RiskAgent.Assessment;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRiskAssessment();

var app = builder.Build();

// Errors answer as RFC 9457 problem details; a malformed body is a 400 problem, never a 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseOverloadControl();
app.UseServiceAuthentication();

app.MapDefaultEndpoints();
app.MapRiskApi();

app.Run();

public partial class Program;
