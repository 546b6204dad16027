using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.RetrievalAgent.Ingestion;

namespace Switchboard.RetrievalAgent.Tables;

public static class TablesExtensions
{
    /// <summary>CSV documents kept as tables (<c>Retrieval:Tables</c>): the catalog, its Redis copy and sync, the answerer.</summary>
    public static IHostApplicationBuilder AddTables(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TableOptions>()
            .BindConfiguration(TableOptions.SectionName)
            .Validate(o => o.IsValid, "Retrieval:Tables: SyncInterval must be 100 ms..10 min, MaxCitedRows 1..50 and MaxWorkingRows 1..10000.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<CsvParser>();
        builder.Services.AddSingleton<TableCatalog>();
        builder.Services.AddSingleton<TableStore>();
        builder.Services.AddSingleton<TableIngestion>();
        builder.Services.AddSingleton<TableAnswerer>();
        builder.Services.AddHostedService<TableSync>();
        return builder;
    }
}
