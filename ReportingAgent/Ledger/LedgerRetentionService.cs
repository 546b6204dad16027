using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Ledger;

/// <summary>
/// Keeps the ledger to <see cref="ReportingOptions.LedgerRetention"/>: at start and every
/// <see cref="ReportingOptions.LedgerTrimInterval"/> it removes the entries that occurred before now − retention.
/// Every replica may run it; trimming is idempotent and each batch is one atomic script.
/// </summary>
public sealed partial class LedgerRetentionService(
    LedgerStore store,
    IOptions<ReportingOptions> options,
    TimeProvider clock,
    ILogger<LedgerRetentionService> logger,
    Feedback.FeedbackStore? feedback = null) : BackgroundService
{
    private static readonly Counter<long> EntriesExpired = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.ledger.entries_expired", "{entry}", "Ledger entries removed because they are older than the retention");

    /// <summary>One trim: removes what is older than the retention; returns how many entries went.</summary>
    public async Task<long> TrimOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.LedgerRetention;
        var removed = await store.TrimBeforeAsync(cutoff, cancellationToken);
        if (feedback is not null)
        {
            // Verdicts go with the ledger they describe, after the same retention.
            await feedback.TrimBeforeAsync(cutoff, cancellationToken);
        }
        if (removed > 0)
        {
            EntriesExpired.Add(removed);
            LogTrimmed(removed, cutoff);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LedgerTrimInterval, clock);
        do
        {
            try
            {
                await TrimOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Redis away: the next tick tries again; nothing is lost by trimming later.
                LogTrimFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger trimmed: {Removed} entries older than {Cutoff:O} removed")]
    private partial void LogTrimmed(long removed, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger trim failed; trying again at the next interval")]
    private partial void LogTrimFailed(Exception exception);
}
