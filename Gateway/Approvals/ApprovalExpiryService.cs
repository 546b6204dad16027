using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// Every <c>ExpiryInterval</c>, expires pending items past their <c>MaxAge</c> (status <c>expired</c>, decided by
/// <c>system</c>, audited like any decision). Safe on every replica: the decision script lets only one of them decide.
/// </summary>
public sealed partial class ApprovalExpiryService(
    ApprovalQueue queue, ApprovalDecisions decisions, IOptionsMonitor<ApprovalOptions> options, TimeProvider time,
    ILogger<ApprovalExpiryService> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.ExpiryInterval, time, stoppingToken);
                foreach (var id in await queue.ExpiredIdsAsync(time.GetUtcNow(), BatchSize))
                {
                    var (decided, _) = await decisions.DecideAsync(id, AgentCore.Contracts.ApprovalStatus.Expired, ApprovalDecisions.SystemActor,
                        $"No decision within {options.CurrentValue.MaxAge}.");
                    if (decided is not null)
                    {
                        LogExpired(id);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogFailed(ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval {AnswerId} expired without a decision")]
    private partial void LogExpired(string answerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiring stale approvals failed ({Reason}); trying again next interval")]
    private partial void LogFailed(string reason);
}
