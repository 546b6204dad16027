using Switchboard.ReportingAgent.Answering;
using Switchboard.ReportingAgent.Feedback;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;
using Switchboard.ReportingAgent.Review;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddUsageLedger();
builder.AddUsageReports();
builder.AddUsageAnswering();
builder.AddFeedbackLedger();
builder.AddReview();

var app = builder.Build();
app.UseProblemResponses();
app.UseOverloadControl();
app.UseServiceAuthentication();
app.MapDefaultEndpoints();
app.MapReportsApi();
app.MapReviewApi();
app.MapAnswerApi();
app.MapLedgerRetentionApi();
app.Run();

public partial class Program;
