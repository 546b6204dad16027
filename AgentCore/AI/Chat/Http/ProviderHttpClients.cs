using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Switchboard.AgentCore.AI.Chat.Http;

/// <summary>
/// Named <see cref="HttpClient"/>s for model providers, created through <see cref="IHttpClientFactory"/> so they get the
/// service's handlers (service discovery, HttpClient telemetry) and a standard resilience handler: retries with
/// exponential backoff on 408/429/5xx that honour <c>Retry-After</c>, a circuit breaker, and timeouts.
/// </summary>
/// <remarks>
/// A model generating an answer needs longer timeouts than service-to-service calls. ServiceDefaults no longer puts a
/// resilience handler on every client, but any a host adds by default is removed here first; these clients then get
/// their own standard handler whose timeouts derive from <paramref name="attemptTimeout"/> and can be tuned under
/// <c>{section}:Resilience</c> (any <see cref="HttpStandardResilienceOptions"/> key, e.g. <c>Retry:MaxRetryAttempts</c>).
/// The SDKs' own retry loops are switched off where they are built, so a 429 is retried once per layer, not twice.
/// </remarks>
public static class ProviderHttpClients
{
    public const string ChatClientName = "switchboard-ai-chat";
    public const string EmbeddingsClientName = "switchboard-ai-embeddings";

    /// <summary>Registers the named client; <paramref name="resilienceSection"/> overrides the derived defaults.</summary>
    public static IHttpClientBuilder AddProviderHttpClient(
        this IServiceCollection services, string name, IConfigurationSection resilienceSection, Func<IServiceProvider, TimeSpan> attemptTimeout)
    {
        var builder = services.AddHttpClient(name, client =>
        {
            // The resilience handler owns timeouts; HttpClient's own 100 s limit would cut a long, retried request short.
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        });

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the documented way to replace the default handler per client.
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        var pipeline = builder.AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(pipeline.PipelineName)
            .Configure<IServiceProvider>((options, sp) => options.AttemptTimeout.Timeout = attemptTimeout(sp))
            .Bind(resilienceSection)
            .PostConfigure(options =>
            {
                var attempt = options.AttemptTimeout.Timeout;
                if (!resilienceSection.GetSection("TotalRequestTimeout").Exists())
                {
                    options.TotalRequestTimeout.Timeout = attempt * (options.Retry.MaxRetryAttempts + 1) + TimeSpan.FromMinutes(1);
                }

                if (!resilienceSection.GetSection("CircuitBreaker:SamplingDuration").Exists())
                {
                    // The breaker's window must be at least twice the attempt timeout (the options validator enforces it).
                    options.CircuitBreaker.SamplingDuration = attempt * 2 > TimeSpan.FromSeconds(30) ? attempt * 2 : TimeSpan.FromSeconds(30);
                }
            });
        return builder;
    }
}
