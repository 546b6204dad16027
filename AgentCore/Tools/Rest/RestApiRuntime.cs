using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Polly.CircuitBreaker;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// The live protection state of each API: its concurrency limiter (slots plus bounded queue) and a view of its circuit
/// breaker. Held outside the pipeline so the connector can report it (<see cref="RestApiStatus"/>) and so the limiter
/// is disposed with the host.
/// </summary>
public sealed class RestApiRuntime : IDisposable
{
    private readonly ConcurrentDictionary<string, ApiState> _states = new(StringComparer.OrdinalIgnoreCase);

    internal ApiState For(RestApiDefinition api) => _states.GetOrAdd(api.Name, _ => new ApiState(
        new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = api.Options.MaxConcurrency,
            QueueLimit = api.Options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }),
        new CircuitBreakerStateProvider()));

    /// <summary>Circuit state and queue occupancy of <paramref name="api"/>; null before its first call.</summary>
    public RestApiStatus? StatusOf(string api)
    {
        if (!_states.TryGetValue(api, out var state))
        {
            return null;
        }

        var statistics = state.Limiter.GetStatistics();
        CircuitState circuit;
        try
        {
            circuit = state.Circuit.CircuitState;
        }
        catch (InvalidOperationException)
        {
            circuit = CircuitState.Closed; // the pipeline is not built yet: no call has been made
        }

        return new RestApiStatus(api, circuit, statistics?.CurrentAvailablePermits ?? 0, statistics?.CurrentQueuedCount ?? 0,
            statistics?.TotalFailedLeases ?? 0);
    }

    public void Dispose()
    {
        foreach (var state in _states.Values)
        {
            state.Limiter.Dispose();
        }
    }

    internal sealed record ApiState(ConcurrencyLimiter Limiter, CircuitBreakerStateProvider Circuit);
}

/// <param name="Api">The API's configuration name.</param>
/// <param name="Circuit">Closed, Open, HalfOpen or Isolated. Polly moves an open circuit to half-open lazily, on the first call after the break.</param>
/// <param name="AvailableSlots">Free concurrency slots right now.</param>
/// <param name="Queued">Calls waiting for a slot right now.</param>
/// <param name="Rejected">Calls rejected because slots and queue were full, since start.</param>
public sealed record RestApiStatus(string Api, CircuitState Circuit, long AvailableSlots, long Queued, long Rejected);
