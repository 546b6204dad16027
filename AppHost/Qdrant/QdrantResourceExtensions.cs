using Aspire.Hosting.ApplicationModel;
using Switchboard.AppHost.Topology;

namespace Switchboard.AppHost.Qdrant;

/// <summary>
/// Qdrant as the <c>qdrant/qdrant</c> container (there is no Aspire.Hosting.Qdrant package here). Its REST endpoint
/// is named <c>http</c> and reaches the RetrievalAgent as <c>ConnectionStrings__qdrant_http</c>
/// (<c>Endpoint=http://host:port;Key=...</c>), the key Aspire.Hosting.Qdrant would inject.
/// </summary>
public static class QdrantResourceExtensions
{
    public const string Image = "qdrant/qdrant";
    public const string Tag = "v1.19.0";
    public const int RestPort = 6333;

    public static IResourceBuilder<ContainerResource> AddQdrant(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> apiKey, string dataDirectory)
    {
        var qdrant = builder.AddContainer(name, Image, Tag)
            .WithHttpEndpoint(targetPort: RestPort, name: "http")
            .WithEnvironment("QDRANT__SERVICE__API_KEY", apiKey)
            .WithHttpHealthCheck("/readyz");
        return builder.ExecutionContext.IsRunMode
            ? qdrant.WithBindMount(dataDirectory, "/qdrant/storage")
            : qdrant.WithVolume("qdrant-data", "/qdrant/storage");
    }

    /// <summary>Gives <paramref name="service"/> <c>ConnectionStrings__qdrant_http</c> and makes it wait for Qdrant.</summary>
    public static IResourceBuilder<ProjectResource> WithQdrant(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ContainerResource> qdrant, IResourceBuilder<ParameterResource> apiKey)
    {
        var endpoint = qdrant.GetEndpoint("http");
        return service
            .WithEnvironment("ConnectionStrings__qdrant_http", ReferenceExpression.Create($"Endpoint={endpoint};Key={apiKey}"))
            .WaitFor(qdrant);
    }
}
