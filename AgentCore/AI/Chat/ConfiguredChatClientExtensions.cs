using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.AI.Chat.Http;
using Switchboard.AgentCore.AI.Chat.Pipeline;
using Switchboard.AgentCore.AI.Chat.Providers;
using Switchboard.AgentCore.AI.Usage;

namespace Switchboard.AgentCore.AI.Chat;

public static class ConfiguredChatClientExtensions
{
    /// <summary>The ActivitySource and Meter name of the model calls' spans and gen_ai metrics (ServiceDefaults exports it).</summary>
    public const string TelemetrySourceName = SwitchboardTelemetry.Name;

    /// <summary>
    /// Registers the singleton <see cref="IChatClient"/> chosen by <c>AI:Chat:Provider</c> (Extractive, OpenAI,
    /// AzureOpenAI, Ollama, Anthropic), wrapped in the pipeline (outermost first): request defaults from configuration,
    /// Redis response cache (when <c>AI:Chat:Cache:Enabled</c> and <c>ConnectionStrings:redis</c> are set), function
    /// invocation, OpenTelemetry (GenAI semantic conventions, source "Switchboard"), logging, and usage accounting.
    /// </summary>
    /// <param name="extractiveAnswerer">
    /// The service's built-in extractive answerer, used when the provider is Extractive. A service without one must
    /// configure a model provider; otherwise start-up fails naming <c>AI:Chat:Provider</c>.
    /// </param>
    public static IHostApplicationBuilder AddConfiguredChatClient(
        this IHostApplicationBuilder builder, Func<IServiceProvider, IChatClient>? extractiveAnswerer = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddUsageAccounting();

        services.AddOptions<ChatClientOptions>().BindConfiguration(ChatClientOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatClientOptions>>(new ChatClientOptionsValidator(extractiveAnswerer is not null));

        services.AddProviderHttpClient(
            ProviderHttpClients.ChatClientName,
            builder.Configuration.GetSection($"{ChatClientOptions.SectionName}:Resilience"),
            // Read from configuration, not IOptions: resilience options validate at start too, and must not re-throw
            // (and so duplicate) the chat options' own validation error.
            _ => builder.Configuration.GetSection(ChatClientOptions.SectionName).GetValue<TimeSpan?>(nameof(ChatClientOptions.Timeout)) is { } t && t > TimeSpan.Zero
                ? t
                : new ChatClientOptions().Timeout);

        services.AddSingleton(sp => BuildPipeline(sp, extractiveAnswerer));
        return builder;
    }

    private static IChatClient BuildPipeline(IServiceProvider services, Func<IServiceProvider, IChatClient>? extractiveAnswerer)
    {
        var options = services.GetRequiredService<IOptions<ChatClientOptions>>().Value;
        var provider = ChatProviders.Normalize(options.Provider)!;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

        var inner = provider == ChatProviders.Extractive
            ? extractiveAnswerer!(services)
            : ChatProviderFactory.Create(options, services.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderHttpClients.ChatClientName));
        var model = ConfiguredModel(options, provider);

        var pipeline = inner.AsBuilder()
            // Outermost, so the defaults are part of the cache key: a different model or temperature is a different answer.
            .ConfigureOptions(o =>
            {
                o.ModelId ??= model;
                o.MaxOutputTokens ??= options.MaxOutputTokens;
                o.Temperature ??= options.Temperature;
            });

        if (CreateCache(services, options) is { } cache)
        {
            pipeline.UseDistributedCache(new ExpiringDistributedCache(cache, options.Cache.Ttl), c =>
                c.CacheKeyAdditionalValues = ["switchboard-chat-v1", provider, options.Endpoint ?? string.Empty, options.Deployment ?? string.Empty]);
        }

        return pipeline
            .UseFunctionInvocation(loggerFactory)
            .UseOpenTelemetry(loggerFactory, TelemetrySourceName, c => c.EnableSensitiveData = options.Telemetry.EnableSensitiveData)
            .UseLogging(options.Telemetry.EnableSensitiveData ? loggerFactory : new ContentFreeLoggerFactory(loggerFactory))
            // Innermost: the span above then carries gen_ai.usage.* even when the provider reported none.
            .UseUsageAccounting()
            .Build(services);
    }

    /// <summary>The model name used for request defaults and pricing.</summary>
    public static string ConfiguredModel(ChatClientOptions options, string provider) => provider switch
    {
        ChatProviders.AzureOpenAI => options.Model ?? options.Deployment ?? "unknown",
        ChatProviders.Extractive => options.Model ?? "extractive",
        _ => options.Model ?? "unknown",
    };

    /// <summary>
    /// A Redis cache of its own (key prefix <c>sb:ai:chat:</c>) rather than the container's <see cref="IDistributedCache"/>,
    /// so enabling the model cache never changes what other components get when they ask for a distributed cache.
    /// </summary>
    private static RedisCache? CreateCache(IServiceProvider services, ChatClientOptions options)
    {
        if (!options.Cache.Enabled)
        {
            return null;
        }

        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.GetService<ILoggerFactory>()?.CreateLogger(typeof(ConfiguredChatClientExtensions).FullName!)
                .LogWarning("AI:Chat:Cache:Enabled is true but ConnectionStrings:redis is not set; model responses are not cached.");
            return null;
        }

        var redisOptions = new RedisCacheOptions { InstanceName = "sb:ai:chat:" };
        // Share the service's multiplexer (ServiceDefaults' AddRedisClient) rather than open a second connection.
        if (services.GetService<IConnectionMultiplexer>() is { } multiplexer)
        {
            redisOptions.ConnectionMultiplexerFactory = () => Task.FromResult(multiplexer);
        }
        else
        {
            redisOptions.Configuration = connectionString;
        }

        return new RedisCache(Options.Create(redisOptions));
    }
}
