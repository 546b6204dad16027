using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Switchboard.AgentCore.Messaging;

/// <summary>
/// Refreshes one consumer's liveness key (<see cref="ConsumerHeartbeat"/>) on a thread of its own, so a handler that
/// keeps the thread pool busy (parsing a large file on two cores) cannot starve it into looking dead.
/// A refresh that finds the key already gone says so: the consumer was silent for longer than the TTL, and another
/// consumer may have taken over what it holds.
/// </summary>
internal sealed class HeartbeatLoop : IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly string _key;
    private readonly string _value;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _ttl;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private bool _failing;

    private HeartbeatLoop(IConnectionMultiplexer redis, string key, string value, TimeSpan interval, TimeSpan ttl, ILogger logger)
    {
        _redis = redis;
        _key = key;
        _value = value;
        _interval = interval;
        _ttl = ttl;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "heartbeat " + key };
    }

    /// <summary>Writes the first heartbeat (so the consumer is alive before it reads anything), then keeps it fresh.</summary>
    public static async Task<HeartbeatLoop> StartAsync(
        IConnectionMultiplexer redis, string key, string value, TimeSpan interval, TimeSpan ttl, ILogger logger, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await redis.GetDatabase().StringSetAsync(key, value, ttl);
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Cannot write heartbeat {HeartbeatKey} yet", key);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        var loop = new HeartbeatLoop(redis, key, value, interval, ttl, logger);
        loop._thread.Start();
        return loop;
    }

    private void Run()
    {
        while (!_stop.Token.WaitHandle.WaitOne(_interval))
        {
            try
            {
                var previous = _redis.GetDatabase().StringSetAndGet(_key, _value, _ttl);
                if (previous.IsNull && !_stop.IsCancellationRequested)
                {
                    _logger.LogWarning(
                        "Heartbeat {HeartbeatKey} had lapsed (not refreshed within {HeartbeatTtl}); another consumer may have taken over the entries this one holds",
                        _key, _ttl);
                }

                if (_failing)
                {
                    _logger.LogInformation("Heartbeat {HeartbeatKey} is written again", _key);
                    _failing = false;
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                if (!_failing)
                {
                    _logger.LogWarning(ex, "Cannot refresh heartbeat {HeartbeatKey}; retrying every {Interval}", _key, _interval);
                    _failing = true;
                }
            }
        }
    }

    /// <summary>Stops refreshing (the key then expires unless the caller deletes it).</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        if (_thread.Join(TimeSpan.FromSeconds(10)))
        {
            _stop.Dispose();
        }
    }
}
