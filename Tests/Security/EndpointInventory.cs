using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.Contracts;

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
/// Every endpoint the attack tests try. The Gateway's are read from its own routing table (the Gateway built in process
/// once, only to list them), so an endpoint another engineer adds is attacked without anyone listing it here; only
/// <c>/health</c>, <c>/alive</c>, <c>/metrics</c> and endpoints marked <c>AllowAnonymous</c> are left out. The agents'
/// are listed by hand (they are separate processes): <see cref="Agents"/>.
/// </summary>
public static class EndpointInventory
{
    private static readonly string[] Infrastructure = ["/health", "/alive", "/metrics"];

    /// <summary>Each agent's endpoints (their <c>Map*Api</c> classes).</summary>
    public static readonly IReadOnlyList<ApiEndpoint> Agents =
    [
        new(AgentNames.Router, "POST", "/route"),
        new(AgentNames.Retrieval, "POST", "/search"),
        new(AgentNames.Retrieval, "POST", "/answer"),
        new(AgentNames.Retrieval, "POST", "/evidence"),
        new(AgentNames.Retrieval, "DELETE", "/documents/doc-1"),
        new(AgentNames.Retrieval, "GET", "/documents/doc-1/chunks"),
        new(AgentNames.Compliance, "POST", "/screen"),
        new(AgentNames.Compliance, "POST", "/review"),
        new(AgentNames.Compliance, "GET", "/audit"),
        new(AgentNames.Reporting, "GET", "/reports/usage"),
        new(AgentNames.Reporting, "POST", "/answer"),
    ];

    /// <summary>The Gateway's endpoints that need a caller, from its routing table.</summary>
    public static IReadOnlyList<ApiEndpoint> Gateway(string redisConnectionString)
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
            .Where(endpoint => !Infrastructure.Any(path => endpoint.Path.StartsWith(path, StringComparison.Ordinal)))
            .Distinct()
            .OrderBy(endpoint => endpoint.Path, StringComparer.Ordinal).ThenBy(endpoint => endpoint.Method, StringComparer.Ordinal)
            .ToList();
    }

    private static string Fill(RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "probe-1",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
