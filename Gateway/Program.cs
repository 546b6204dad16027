using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Approvals;
using Switchboard.Gateway.Asking;
using Switchboard.Gateway.Budgets;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Documents;
using Switchboard.Gateway.OpenAi;
using Switchboard.Gateway.Feedback;
using Switchboard.Gateway.Reports;
using Switchboard.Gateway.Hardening;
using Switchboard.Gateway.RateLimiting;
using Switchboard.Gateway.Sessions;
using Switchboard.Gateway.Workflows;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddEventPublisher();
builder.AddDocumentCatalog();
builder.AddGatewayOptions();
builder.AddAccess();
builder.AddCallerRateLimits();
builder.AddAgentClients();
builder.AddSessions();
builder.AddAnswerCache();
builder.AddAsking();
builder.AddApprovals();
builder.AddBudgets();
builder.AddReportsProxy();

var app = builder.Build();

app.UseProblemResponses();
app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseOverloadControl();
app.UseAccess();
app.UseCallerRateLimits();

app.MapDefaultEndpoints();
app.MapUiSignIn();
var api = app.MapCallerApi().WithBudgets();
api.MapAskApi();
api.MapSearchApi();
api.MapSessionsApi();
api.MapDocumentsApi();
api.MapOpenAiApi();
api.MapFeedbackApi();
api.MapReportsProxyApi();
api.MapApprovalsApi();
api.MapWorkflowsApi();

app.Run();

public partial class Program;
