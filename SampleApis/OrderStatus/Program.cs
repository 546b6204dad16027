using Switchboard.SampleApis.OrderStatus.Orders;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOrders();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseOverloadControl();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapOrdersApi();
app.Run();

public partial class Program;
