using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Switchboard.AgentCore.Documents;

public static class DocumentsExtensions
{
    public static IHostApplicationBuilder AddDocumentCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DocumentCatalog>();
        return builder;
    }
}
