using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.ServiceDefaults.Problems;

namespace Switchboard.AgentCore.Tests.ServiceDefaults;

/// <summary>
/// The platform behaviour every service gets from ServiceDefaults, in a real Kestrel host on loopback: errors as
/// RFC 9457 problems, one JSON shape, and a downstream's 4xx turned into a 502 that says what the downstream said.
/// </summary>
public sealed class ProblemResponsesTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private sealed record CheckRequest(string Question);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseProblemResponses();

        // The downstream: a validation problem, and a 404 that is not a problem document.
        app.MapPost("/downstream/check", (CheckRequest request) => request.Question.Length <= 5
            ? Results.Ok()
            : Results.ValidationProblem(new Dictionary<string, string[]> { ["question"] = ["The question is longer than 5 characters."] }));
        app.MapGet("/downstream/missing", () => Results.Text("no such thing", statusCode: StatusCodes.Status404NotFound));

        // The edge: calls the downstream for its caller; a refusal becomes the caller's 502.
        app.MapGet("/edge/{which}", async (string which, HttpContext context) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri($"{context.Request.Scheme}://{context.Request.Host}") };
            var call = which == "check" ? "POST /downstream/check" : "GET /downstream/missing";
            using var response = which == "check"
                ? await http.PostAsJsonAsync("/downstream/check", new CheckRequest("a question that is too long"))
                : await http.GetAsync("/downstream/missing");
            var problem = await DownstreamProblem.ReadAsync(call, response, context.RequestAborted);
            return Results.Problem(problem.ToBadGateway("downstream", "nothing was checked"));
        });

        app.MapGet("/throws", IResult () => throw new InvalidOperationException("a bug"));
        app.MapGet("/shape", () => Results.Ok(new Shape("here", null)));
        app.MapPost("/echo", (CheckRequest request) => Results.Ok(request));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _app = app;
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private sealed record Shape(string Present, string? Missing);

    [Fact]
    public async Task A_downstream_validation_problem_becomes_a_502_saying_what_the_downstream_said()
    {
        using var response = await _client.GetAsync("/edge/check");

        var problem = await ProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("downstream rejected the request", problem.GetProperty("title").GetString());
        Assert.Equal("downstream", problem.GetProperty("agent").GetString());
        Assert.Equal(400, problem.GetProperty("agentStatus").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("POST /downstream/check answered 400", detail);
        Assert.Contains("question: The question is longer than 5 characters.", detail);
        Assert.EndsWith("so nothing was checked.", detail);
        Assert.DoesNotContain("unavailable", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_downstream_4xx_without_a_problem_document_still_names_its_status()
    {
        using var response = await _client.GetAsync("/edge/missing");

        var problem = await ProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(404, problem.GetProperty("agentStatus").GetInt32());
        Assert.Contains("GET /downstream/missing answered 404", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_5xx_is_not_a_rejection()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("boom") };

        var problem = await DownstreamProblem.ReadAsync("GET /x", response, CancellationToken.None);

        Assert.False(problem.IsRejection);
        Assert.Equal("GET /x answered 500", problem.Reason);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_its_message()
    {
        using var response = await _client.GetAsync("/throws");

        await ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("a bug", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem()
    {
        using var response = await _client.PostAsync("/echo", new StringContent("{\"question\":", Encoding.UTF8, "application/json"));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Responses_have_the_one_json_shape_camel_case_and_nulls_left_out()
    {
        var body = await _client.GetStringAsync("/shape");

        Assert.Equal("""{"present":"here"}""", body);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }
}
