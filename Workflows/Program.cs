using Switchboard.Workflows.Api;
using Switchboard.Workflows.Dags;
using Switchboard.Workflows.Engine;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddShippedDags();
builder.AddWorkflowEngine();

var app = builder.Build();
app.UseProblemResponses();
app.UseOverloadControl();
app.UseServiceAuthentication();
app.MapDefaultEndpoints();
app.MapWorkflowsApi();
app.Run();

public partial class Program;
