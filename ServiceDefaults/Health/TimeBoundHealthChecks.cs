using Microsoft.Extensions.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.ServiceDefaults.Health;

/// <summary>
/// Gives every health check a time limit (<c>Health:CheckTimeout</c>, default 800 ms) so <c>/health</c> answers within
/// a second whatever is down: a check that has not answered by then reports its failure status ("no answer within
/// 800 ms"). The check's construction runs inside the limit too — resolving a Redis multiplexer whose server is down
/// blocks for its connect timeout — and a check that ignores its cancellation token is left to finish on its own.
/// </summary>
internal sealed class TimeBoundHealthChecks(TimeSpan defaultTimeout) : IPostConfigureOptions<HealthCheckServiceOptions>
{
    public const string ConfigurationKey = "Health:CheckTimeout";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(800);

    public void PostConfigure(string? name, HealthCheckServiceOptions options)
    {
        foreach (var registration in options.Registrations)
        {
            // A check registered with its own timeout keeps it; the framework's timeout is left unset so only one fires.
            var timeout = registration.Timeout > TimeSpan.Zero ? registration.Timeout : defaultTimeout;
            var factory = registration.Factory;
            registration.Factory = services => new TimeBoundCheck(() => factory(services), timeout);
        }
    }

    private sealed class TimeBoundCheck(Func<IHealthCheck> create, TimeSpan timeout) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            var check = Task.Run(() => create().CheckHealthAsync(context, limit.Token), CancellationToken.None);
            try
            {
                return await check.WaitAsync(timeout, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Observe whatever the abandoned check ends with, so it is not reported as an unobserved task exception.
                _ = check.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                return new HealthCheckResult(context.Registration.FailureStatus,
                    $"no answer within {timeout.TotalMilliseconds:F0} ms");
            }
        }
    }
}
