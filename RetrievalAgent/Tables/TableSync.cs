using Microsoft.Extensions.Options;

namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// Keeps this replica's <see cref="TableCatalog"/> equal to <see cref="TableStore"/>: loads every table at start, then
/// every <see cref="TableOptions.SyncInterval"/> reads the stamps (one small hash) and reloads only the tables whose
/// stamp changed, dropping those removed. The replica that ingested a CSV has its table at once; others follow here.
/// </summary>
internal sealed class TableSync(TableStore store, TableCatalog catalog, IOptions<TableOptions> options, ILogger<TableSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SyncInterval);
        do
        {
            try
            {
                await SyncOnceAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis away for a moment: the tables in memory keep answering; the next tick catches up.
                logger.LogWarning(ex, "Could not sync the tables from Redis");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SyncOnceAsync()
    {
        var stamps = await store.StampsAsync();
        foreach (var (id, stamp) in stamps)
        {
            if (catalog.StampOf(id) == stamp)
            {
                continue;
            }

            if (await store.LoadAsync(id) is { } snapshot)
            {
                catalog.Put(new CsvTable(snapshot), stamp);
            }
        }

        foreach (var id in catalog.DocumentIds.Where(id => !stamps.ContainsKey(id)))
        {
            catalog.Remove(id);
        }
    }
}
