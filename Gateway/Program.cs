using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.Gateway;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Asking;
using Switchboard.Gateway.Documents;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddEventPublisher();
builder.AddDocumentCatalog();
builder.AddGatewayOptions();
builder.AddAgentClients();
builder.AddAsking();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();

app.MapDefaultEndpoints();
app.MapAskApi();
app.MapDocumentsApi();

app.Run();

public partial class Program;
