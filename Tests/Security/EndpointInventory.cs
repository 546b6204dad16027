using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Security.Tests;

/// <summary>One endpoint to attack: its service, method and a concrete path (route parameters filled in).</summary>
public sealed record ApiEndpoint(string Service, string Method, string Path)
{
    public override string ToString() => $"{Service} {Method} {Path}";

    public HttpRequestMessage Request()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{\"question\":\"What is the refund policy?\",\"query\":\"refund\"}", System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}

/// <summary>
/// Every endpoint the attack tests try, read from each running service's own OpenAPI document
/// (<c>/openapi/v1.json</c>, ServiceDefaults), so an endpoint anyone adds to any service — the Gateway, an agent, the
/// RiskAgent, Workflows — is attacked without being listed here. The document itself is an endpoint too (behind the
/// token like the rest). A document that cannot be read fails the inventory: an attack on nothing must not pass.
/// <c>/health</c>, <c>/alive</c> and <c>/metrics</c> are not in any document and stay open by design.
/// </summary>
public static partial class EndpointInventory
{
    public const string DocumentPath = "/openapi/v1.json";

    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    /// <summary>Reads <paramref name="service"/>'s OpenAPI document through <paramref name="http"/> (which holds valid credentials).</summary>
    /// <exception cref="InvalidOperationException">The document is missing, not JSON, or lists no operation.</exception>
    public static async Task<IReadOnlyList<ApiEndpoint>> ReadAsync(string service, HttpClient http)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(DocumentPath);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"{service}: {DocumentPath} could not be fetched ({ex.Message}).", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{service}: {DocumentPath} answered {(int)response.StatusCode}; its endpoints cannot be attacked. {text[..Math.Min(200, text.Length)]}");
            }

            return Parse(service, text);
        }
    }

    /// <summary>The operations of an OpenAPI document, with path parameters filled in, plus the document itself.</summary>
    public static IReadOnlyList<ApiEndpoint> Parse(string service, string document)
    {
        JsonElement paths;
        try
        {
            using var json = JsonDocument.Parse(document);
            if (!json.RootElement.TryGetProperty("paths", out var found) || found.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{service}: its OpenAPI document has no 'paths' object.");
            }

            paths = found.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{service}: its OpenAPI document is not JSON ({ex.Message}).", ex);
        }

        var endpoints = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => Methods.Contains(operation.Name, StringComparer.OrdinalIgnoreCase))
                .Select(operation => new ApiEndpoint(service, operation.Name.ToUpperInvariant(), Fill(path.Name))))
            .Append(new ApiEndpoint(service, "GET", DocumentPath))
            .Distinct()
            .OrderBy(endpoint => endpoint.Path, StringComparer.Ordinal).ThenBy(endpoint => endpoint.Method, StringComparer.Ordinal)
            .ToList();
        if (endpoints.Count == 1)
        {
            throw new InvalidOperationException($"{service}: its OpenAPI document lists no operation.");
        }

        return endpoints;
    }

    /// <summary>
    /// The Gateway's routed endpoints that need a caller, from its routing table (the Gateway built in process once):
    /// the cross-check that nothing is routed but left out of the document (<c>ExcludeFromDescription</c>).
    /// </summary>
    public static IReadOnlyList<ApiEndpoint> GatewayRoutingTable(string redisConnectionString)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
            builder.UseEnvironment("Development");
        });
        var sources = factory.Services.GetServices<EndpointDataSource>();
        return sources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ApiEndpoint("gateway", method, Fill(endpoint))))
            .Select(endpoint => endpoint.Path.StartsWith("/openapi/", StringComparison.Ordinal) ? endpoint with { Path = DocumentPath } : endpoint)
            .Distinct()
            .ToList();
    }

    /// <summary>A concrete path for a route template: every <c>{parameter}</c> becomes <c>probe-1</c>, no trailing slash.</summary>
    public static string Fill(string template)
    {
        var path = "/" + Parameter().Replace(template, "probe-1").Trim('/');
        return path;
    }

    /// <summary>The same for a routed endpoint, from its parsed pattern (constraints and catch-alls included).</summary>
    private static string Fill(RouteEndpoint endpoint) =>
        "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "probe-1",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
