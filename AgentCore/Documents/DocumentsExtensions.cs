using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.AgentCore.Documents;

public static class DocumentsExtensions
{
    /// <summary>The document catalog and <see cref="IngestRecovery"/>, which notes documents whose ingestion waits for a consumer.</summary>
    public static IHostApplicationBuilder AddDocumentCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DocumentCatalog>();
        builder.Services.TryAddSingleton<ConsumerGroupMonitor>();
        builder.Services.TryAddSingleton<IngestRecovery>();
        return builder;
    }
}
