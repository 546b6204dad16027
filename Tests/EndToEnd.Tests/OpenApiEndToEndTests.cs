using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>Every running service describes its API at <c>/openapi/v1.json</c> (ServiceDefaults), each operation summarised.</summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiEndToEndTests(SwitchboardApp stack)
{
    [Fact]
    public async Task Every_service_serves_its_OpenAPI_document_with_summarised_operations()
    {
        var services = new (string Title, AppService Process)[]
        {
            ("Gateway", stack.Gateway), ("RouterAgent", stack.Router), ("RetrievalAgent", stack.Retrieval),
            ("ComplianceAgent", stack.Compliance), ("ReportingAgent", stack.Reporting), ("RiskAgent", stack.Risk), ("FxRates", stack.FxRates),
        };

        foreach (var (title, process) in services)
        {
            using var http = process.CreateServiceClient();
            var response = await http.GetAsync("/openapi/v1.json");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{title}: /openapi/v1.json answered {(int)response.StatusCode}");

            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal($"Switchboard {title}", (string?)document["info"]!["title"]);
            var operations = document["paths"]!.AsObject()
                .SelectMany(path => path.Value!.AsObject().Select(method => (Name: $"{method.Key} {path.Key}", Operation: method.Value!)))
                .ToList();
            Assert.True(operations.Count > 0, $"{title} documents no operation");
            Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["summary"]), $"{title}: {o.Name} has no summary"));
        }
    }
}
