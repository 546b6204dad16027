using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Asking;
using Switchboard.Gateway.Budgets;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Documents;
using Switchboard.Gateway.Hardening;
using Switchboard.Gateway.RateLimiting;
using Switchboard.Gateway.Sessions;

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
builder.AddBudgets();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseOverloadControl();
app.UseAccess();
app.UseCallerRateLimits();

app.MapDefaultEndpoints();
var api = app.MapCallerApi().WithBudgets();
api.MapAskApi();
api.MapSearchApi();
api.MapSessionsApi();
api.MapDocumentsApi();

app.Run();

public partial class Program;
