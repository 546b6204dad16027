using Switchboard.RiskAgent.Assessment;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRiskAssessment();

var app = builder.Build();

app.UseProblemResponses();
app.UseOverloadControl();
app.UseServiceAuthentication();

app.MapDefaultEndpoints();
app.MapRiskApi();

app.Run();

public partial class Program;
