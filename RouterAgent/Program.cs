using Switchboard.RouterAgent.Rewriting;
using Switchboard.RouterAgent.Routing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIntentRouting();
builder.AddQuestionRewriting();

var app = builder.Build();
app.UseProblemResponses();
app.UseOverloadControl();
app.UseServiceAuthentication();
app.MapDefaultEndpoints();
app.MapRouteApi();
app.Run();

public partial class Program;
