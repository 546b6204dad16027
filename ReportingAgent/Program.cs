using Switchboard.ReportingAgent.Answering;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddUsageLedger();
builder.AddUsageReports();
builder.AddUsageAnswering();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseOverloadControl();
app.UseServiceAuthentication();
app.MapDefaultEndpoints();
app.MapReportsApi();
app.MapAnswerApi();
app.Run();

public partial class Program;
