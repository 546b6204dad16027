using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace Switchboard.ServiceDefaults.OpenApi;

/// <summary>
/// Every service describes its own HTTP API at <c>/openapi/v1.json</c> (ASP.NET Core's document generator): titled
/// after the service, and with the one error shape all Switchboard services share — any 4xx or 5xx answer is an RFC
/// 9457 ProblemDetails (<c>application/problem+json</c>) — declared on every operation, so a client generator knows it.
/// </summary>
public static class OpenApiDefaults
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IHostApplicationBuilder AddOpenApiDocument(this IHostApplicationBuilder builder)
    {
        var title = builder.Environment.ApplicationName;
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = $"Switchboard {title}";
                document.Info.Version = "v1";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);
                operation.Responses ??= new OpenApiResponses();
                foreach (var (range, description) in new[] { ("4XX", "The request was refused; the ProblemDetails says why."), ("5XX", "The service or one it depends on failed or is busy; see Retry-After.") })
                {
                    operation.Responses.TryAdd(range, new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                    });
                }
            });
        });
        return builder;
    }

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal));
        return app;
    }
}
