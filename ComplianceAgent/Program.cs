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

app.UseProblemResponses();
app.UseOverloadControl();
app.UseServiceAuthentication();

app.MapDefaultEndpoints();
app.MapScreeningApi();
app.MapReviewApi();
app.MapAuditApi();

app.Run();

public partial class Program;
