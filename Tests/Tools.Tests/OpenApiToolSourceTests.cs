using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Tools.Answering;
using Switchboard.AgentCore.Tools.Rest;
using Switchboard.ComplianceAgent.Review;
using Switchboard.Tests.Support;
using Switchboard.Tools.Tests.Support;

namespace Switchboard.Tools.Tests;

/// <summary>The two sample APIs (Holidays, OrderStatus) as real processes, registered only by their OpenAPI documents.</summary>
public sealed class SampleApisFixture : IAsyncLifetime
{
    public const string OrdersKey = "orders-test-key-5c1e";

    public ServiceProcess Holidays { get; private set; } = null!;

    public ServiceProcess Orders { get; private set; } = null!;

    public static string ToolsJson => Path.Combine(Metadata.RepositoryRoot, "SampleApis", "sample-apis.tools.json");

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(
            ServiceProcess.StartAsync("holidays", Metadata.AppDll("SampleApis/Holidays", "Holidays"),
                new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = null }, TimeSpan.FromMinutes(1)),
            ServiceProcess.StartAsync("orderstatus", Metadata.AppDll("SampleApis/OrderStatus", "OrderStatus"),
                new Dictionary<string, string?> { ["Orders__ApiKey"] = OrdersKey, ["ASPNETCORE_ENVIRONMENT"] = null }, TimeSpan.FromMinutes(1)));
        (Holidays, Orders) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { Holidays, Orders }.Where(p => p is not null))
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>A host with only sample-apis.tools.json (documents named, nothing configured by hand), APIs by service discovery.</summary>
    public Task<ToolHost> StartToolsAsync() => ToolHost.StartAsync(new Dictionary<string, string?>
    {
        ["Tools:ConfigurationFile"] = ToolsJson,
        ["services:holidays:http:0"] = Holidays.BaseAddress.ToString().TrimEnd('/'),
        ["services:orderstatus:http:0"] = Orders.BaseAddress.ToString().TrimEnd('/'),
        ["Tools:Apis:orders:Auth:Secret"] = OrdersKey,
    });
}

public sealed class OpenApiToolSourceTests(SampleApisFixture apis) : IClassFixture<SampleApisFixture>
{
    private static readonly AnswerReviewer Reviewer = new(
        new OptionsMonitor<ReviewOptions>(new OptionsFactory<ReviewOptions>([], []), [], new OptionsCache<ReviewOptions>()),
        NullLogger<AnswerReviewer>.Instance);

    [Fact]
    public async Task Every_operation_of_the_documents_becomes_a_tool_with_its_parameters_auth_and_citation()
    {
        await using var host = await apis.StartToolsAsync();
        var catalog = host.Services.GetRequiredService<RestApiCatalog>();

        var holidays = catalog.Get("holidays");
        Assert.Equal(["listHolidays", "nextHoliday"], holidays.Operations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Holiday calendar", holidays.DisplayName); // the title without its " API", which citations add
        var next = holidays.Operations["nextHoliday"];
        Assert.Equal(HttpMethod.Get, next.Method);
        var country = next.Parameters.Single(p => p.Name == "country");
        Assert.Equal((ParameterLocations.Path, true, "upper"), (country.In, country.Required, country.Case));
        Assert.Matches(country.Pattern!, "DE");
        Assert.DoesNotMatch(country.Pattern!, "Germany");
        var after = next.Parameters.Single(p => p.Name == "after");
        Assert.Equal((ParameterLocations.Query, false), (after.In, after.Required));

        var orders = catalog.Get("orders");
        Assert.Equal("X-Api-Key", orders.Options.Auth?.Header); // from the document's security scheme
        Assert.Equal(["getOrder", "listOrders"], orders.Operations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, orders.Operations["listOrders"].Parameters.Count);

        // The functions a model sees, one per operation.
        var tools = host.Services.GetRequiredService<RestApiTools>();
        var names = tools.Tools.Select(f => f.Name).ToList();
        Assert.Contains("holidays_nextHoliday", names);
        Assert.Contains("orders_listOrders", names);
    }

    [Theory]
    [InlineData("When is the next public holiday in DE after 2026-11-20?", "Holiday calendar API", "api:holidays/nextHoliday",
        "The next public holiday in DE after 2026-11-20 is Christmas Day on 2026-12-25. [1]")]
    [InlineData("Which public holidays are there in US in 2026?", "Holiday calendar API", "api:holidays/listHolidays", "US has 11 public holidays in 2026")]
    [InlineData("What is the status of order ord-1008?", "Order status API", "api:orders/getOrder", "Order ORD-1008 is packed: 1 items, placed on 2026-09-09. [1]")]
    public async Task Questions_are_answered_through_the_registered_apis_with_a_citation_the_reviewer_accepts(
        string question, string documentName, string documentId, string expected)
    {
        await using var host = await apis.StartToolsAsync();

        var answer = await host.Services.GetRequiredService<ToolAnswerer>().TryAnswerAsync(question, "retrieval");

        Assert.NotNull(answer);
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Contains(expected, answer.Answer, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal((documentName, documentId), (citation.DocumentName, citation.DocumentId));
        Assert.Equal(ReviewVerdicts.Pass, Reviewer.Review(answer.Answer, answer.Contexts).Verdict);
    }

    [Fact]
    public async Task A_bad_document_stops_the_start_naming_the_api_and_the_problem()
    {
        var directory = Directory.CreateTempSubdirectory("openapi-bad-").FullName;
        try
        {
            var noId = Path.Combine(directory, "no-id.yaml");
            await File.WriteAllTextAsync(noId, """
                openapi: 3.0.3
                info: { title: Broken, version: "1" }
                servers: [ { url: "http://127.0.0.1:1" } ]
                paths:
                  /v1/things/{id}:
                    get:
                      parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
                      responses: { "200": { description: ok } }
                """);
            var swagger = Path.Combine(directory, "swagger.json");
            await File.WriteAllTextAsync(swagger, """{"swagger": "2.0", "info": {"title": "Old", "version": "1"}, "paths": {}}""");

            // Each API's options fail on their own; the host reports all of them together.
            var ex = await Assert.ThrowsAsync<AggregateException>(() => ToolHost.StartAsync(new Dictionary<string, string?>
            {
                ["Tools:Apis:broken:OpenApi"] = noId,
                ["Tools:Apis:old:OpenApi"] = swagger,
                ["Tools:Apis:missing:OpenApi"] = Path.Combine(directory, "nowhere.yaml"),
            }));

            Assert.All(ex.InnerExceptions, inner => Assert.IsType<OptionsValidationException>(inner));
            Assert.Contains("Tools:Apis:broken:OpenApi: GET /v1/things/{id} has no operationId", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Tools:Apis:old:OpenApi", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Tools:Apis:missing:OpenApi: the OpenAPI document", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
