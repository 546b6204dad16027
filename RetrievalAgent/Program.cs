using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Api;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tables;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddChunkStore();
builder.AddSearch();
builder.AddIngestion();
builder.AddTables();
builder.AddAnswering();

var app = builder.Build();
app.UseProblemResponses();
app.UseOverloadControl();
app.UseServiceAuthentication();
app.MapDefaultEndpoints();
app.MapRetrievalApi();
app.Run();

public partial class Program;
