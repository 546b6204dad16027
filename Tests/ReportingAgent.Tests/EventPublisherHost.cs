using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.ReportingAgent.Tests;

/// <summary>Plays the Gateway: publishes interactions to the real stream with the real <see cref="IEventPublisher"/>.</summary>
public sealed class EventPublisherHost : IDisposable
{
    private readonly IHost _host;

    public EventPublisherHost(string redisConnectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:redis"] = redisConnectionString;
        builder.AddRedisClient("redis");
        builder.AddEventPublisher();
        _host = builder.Build();
    }

    public IEventPublisher Publisher => _host.Services.GetRequiredService<IEventPublisher>();

    public Task PublishAsync(InteractionRecorded interaction) => Publisher.PublishAsync(Streams.Interactions, interaction);

    public void Dispose() => _host.Dispose();

    public static InteractionRecorded Interaction(string answerId, DateTimeOffset occurredAt, string status, string? intent = Intents.Documents, double latencyMs = 250) =>
        new(answerId, "a question the ledger keeps only when not found", status, intent, 0.9, intent is null ? [] : [AgentNames.Retrieval],
            null, status == AnswerStatus.Answered ? 2 : 0, latencyMs, new Dictionary<string, double>(), [], null)
        {
            OccurredAt = occurredAt,
        };
}
