using Switchboard.ComplianceAgent.Audit;
using Switchboard.ComplianceAgent.Review;
using Switchboard.ComplianceAgent.Screening;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");

builder.AddScreening();
builder.AddAnswerReview();
builder.AddAuditLog();

var app = builder.Build();

// Errors answer as RFC 9457 problem details. A malformed body is a BadHttpRequestException in Development (minimal
// APIs throw there) and a body-less 400 elsewhere: both become a 400 problem, never a 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseOverloadControl();
app.UseServiceAuthentication();

app.MapDefaultEndpoints();
app.MapScreeningApi();
app.MapReviewApi();
app.MapAuditApi();

app.Run();

public partial class Program;
