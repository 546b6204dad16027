using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.AgentCore.Tests.Messaging;

public sealed record TestEvent(string Payload) : IntegrationEvent;

/// <summary>Records what the handler saw; <see cref="FailuresLeft"/> makes the next runs throw.</summary>
public sealed class HandlerProbe
{
    public ConcurrentQueue<(TestEvent Event, string? TraceId)> Handled { get; } = new();
    public int FailuresLeft;
    public int Attempts;
    public Func<TestEvent, CancellationToken, Task>? OnHandle;
}

public sealed class ProbeHandler(HandlerProbe probe) : IEventHandler<TestEvent>
{
    public async Task HandleAsync(TestEvent @event, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Attempts);
        if (probe.OnHandle is not null)
        {
            await probe.OnHandle(@event, cancellationToken);
        }

        if (Interlocked.Decrement(ref probe.FailuresLeft) >= 0)
        {
            throw new InvalidOperationException("handler failure requested by the test");
        }

        probe.Handled.Enqueue((@event, System.Diagnostics.Activity.Current?.TraceId.ToHexString()));
    }
}

/// <summary>
/// A real generic host running the Redis Streams consumer and publisher against the fixture's server, with short
/// intervals: re-claim after 300 ms idle, heartbeat every 100 ms living 500 ms, a look for stopped consumers every 100 ms.
/// </summary>
internal static class EventBusHost
{
    public static IHost Start(string redis, string stream, HandlerProbe probe, Action<StreamConsumerOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis });
        builder.AddRedisClient("redis");
        builder.AddEventPublisher();
        builder.Services.AddSingleton(probe);
        builder.AddEventConsumer<TestEvent, ProbeHandler>(stream, "tests", options =>
        {
            options.PollInterval = TimeSpan.FromMilliseconds(20);
            options.ClaimInterval = TimeSpan.FromMilliseconds(100);
            options.ClaimIdleTime = TimeSpan.FromMilliseconds(300);
            options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            options.HeartbeatTtl = TimeSpan.FromMilliseconds(500);
            options.RecoveryInterval = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(options);
        });
        var host = builder.Build();
        host.Start();
        return host;
    }

    /// <summary>A host with only the publisher, for appending events the way services do.</summary>
    public static IHost Publisher(string redis)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis });
        builder.AddRedisClient("redis");
        builder.AddEventPublisher();
        return builder.Build();
    }
}
