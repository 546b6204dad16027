using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

public static class MessagingExtensions
{
    /// <summary>Registers <see cref="IEventPublisher"/> over the service's Redis connection.</summary>
    public static IHostApplicationBuilder AddEventPublisher(this IHostApplicationBuilder builder)
    {
        builder.AddMessagingOptions();
        builder.Services.AddSingleton<IEventPublisher, RedisEventPublisher>();
        return builder;
    }

    /// <summary>
    /// Consumes <paramref name="stream"/> through consumer group <paramref name="group"/> with a scoped
    /// <typeparamref name="THandler"/>. Options come from <c>Messaging:Consumers:&lt;stream&gt;</c>, then <paramref name="configure"/>;
    /// invalid ones stop the service at start with the offending keys named.
    /// </summary>
    public static IHostApplicationBuilder AddEventConsumer<TEvent, THandler>(
        this IHostApplicationBuilder builder, string stream, string group, Action<StreamConsumerOptions>? configure = null)
        where TEvent : IntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        var section = $"{MessagingOptions.SectionName}:Consumers:{stream}";
        var options = new StreamConsumerOptions();
        builder.Configuration.GetSection(section).Bind(options);
        configure?.Invoke(options);
        if (options.Validate(section) is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("Invalid consumer settings: " + string.Join(" ", errors));
        }

        builder.AddMessagingOptions();

        // One trimmer per stream per process, however many groups of this process read it.
        if (builder.Properties.TryAdd($"{nameof(AcknowledgedStreamTrimmer)}:{stream}", true))
        {
            builder.Services.AddSingleton<IHostedService>(sp => new AcknowledgedStreamTrimmer(
                stream,
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IOptions<MessagingOptions>>(),
                sp.GetRequiredService<ILogger<AcknowledgedStreamTrimmer>>()));
        }

        builder.Services.AddScoped<THandler>();
        builder.Services.AddSingleton<IHostedService>(sp => new StreamConsumer<TEvent, THandler>(
            stream,
            group,
            options,
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<ILogger<StreamConsumer<TEvent, THandler>>>()));
        builder.Services.AddSingleton<IHostedService>(sp => new StreamBacklogSampler(
            stream,
            group,
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>(),
            sp.GetRequiredService<ILogger<StreamBacklogSampler>>()));
        return builder;
    }

    // The Messaging section, bound once however many publishers and consumers a service adds.
    private static void AddMessagingOptions(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryAdd(nameof(MessagingOptions), true))
        {
            builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName);
        }
    }
}
