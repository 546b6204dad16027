using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// <c>/v1/workflows</c> with JWT on: reading is for every caller, starting a run only for the <c>admin</c> role, the
/// caller's subject is passed on as who triggered it, and the workflow service's answers (a 404 problem included) go
/// back as they are. The workflow service is a loopback fake speaking its API.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WorkflowsProxyTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly TestTokens _tokens = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private WebApplication _workflows = null!;
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        string url;
        (_workflows, url) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/workflows", () =>
            {
                _calls.Enqueue("GET /workflows");
                return Results.Json(new[] { new { name = "retention", description = "purges" } });
            });
            app.MapPost("/workflows/{name}/runs", (string name, HttpContext context) =>
            {
                var by = context.Request.Headers["Switchboard-Triggered-By"].ToString();
                _calls.Enqueue($"POST {name} by {by}");
                return name == "retention"
                    ? Results.Json(new { id = "run-1", dag = name, triggeredBy = by, status = "queued" }, statusCode: 202)
                        .WithLocation($"/workflows/{name}/runs/run-1")
                    : Results.Problem($"There is no workflow named '{name}'.", statusCode: 404, title: "Workflow not found");
            });
        });

        _gateway = fixture.Factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _tokens.Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("services:workflows:http:0", url);
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _workflows.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_starts_a_run_as_themselves_and_gets_the_run_and_its_gateway_location()
    {
        using var response = await Client(_tokens.Create("olga", new Dictionary<string, object> { ["roles"] = new[] { "admin" } })).PostAsync("/v1/workflows/retention/runs", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/v1/workflows/retention/runs/run-1", response.Headers.Location?.ToString());
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("olga", run.GetProperty("triggeredBy").GetString());
        Assert.Equal(["POST retention by olga"], _calls);
    }

    [Fact]
    public async Task A_caller_outside_the_admin_group_may_read_but_not_start_a_run()
    {
        var client = Client(_tokens.WithGroups("nina", "finance"));

        using var start = await client.PostAsync("/v1/workflows/retention/runs", null);
        using var list = await client.GetAsync("/v1/workflows");

        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(["GET /workflows"], _calls);
    }

    [Fact]
    public async Task Without_a_token_nothing_reaches_the_workflow_service()
    {
        using var start = await _gateway.CreateClient().PostAsync("/v1/workflows/retention/runs", null);

        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task A_malformed_name_is_a_400_here_and_an_unknown_one_the_workflow_service_404_passed_on()
    {
        var client = Client(_tokens.Create("olga", new Dictionary<string, object> { ["roles"] = new[] { "admin" } }));

        using var bad = await client.PostAsync("/v1/workflows/..%2Fsecrets/runs", null);
        var badProblem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Contains("name", badProblem.ToString());

        using var unknown = await client.PostAsync("/v1/workflows/nightly-backup/runs", null);
        var problem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Contains("nightly-backup", problem.GetProperty("detail").GetString());
        Assert.Equal(["POST nightly-backup by olga"], _calls);
    }

    private HttpClient Client(string token)
    {
        var client = _gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

internal static class ResultLocation
{
    public static IResult WithLocation(this IResult result, string location) => new Located(result, location);

    private sealed class Located(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
