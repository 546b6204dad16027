using Microsoft.Extensions.Options;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

public static class QdrantStoreExtensions
{
    /// <summary>
    /// Qdrant as the chunk store: options from <c>ConnectionStrings:qdrant_http</c> and <c>Retrieval:Qdrant</c>
    /// (validated at start), the REST client, <see cref="IChunkStore"/>, bootstrap at
    /// start, the <c>chunk-store</c> readiness check on <c>/readyz</c> and ProblemDetails for Qdrant's rejections.
    /// </summary>
    public static IServiceCollection AddQdrantChunkStore(this IServiceCollection services, string connectionString, Action<QdrantOptions>? configure = null)
    {
        services.AddOptions<QdrantOptions>()
            .BindConfiguration(QdrantOptions.SectionName)
            .Configure(o =>
            {
                o.ApplyConnectionString(connectionString);
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<QdrantOptions>, QdrantOptionsValidator>();

        // Our client retries itself (it knows which writes are idempotent and logs Qdrant's error bodies). A factory
        // client would get ServiceDefaults' standard resilience handler and retry a second time around it, so the
        // client owns a plain handler; the pooled-connection lifetime still lets it follow DNS changes.
        services.AddSingleton(sp => new QdrantRestClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<IOptions<QdrantOptions>>(),
            sp.GetRequiredService<ILogger<QdrantRestClient>>()));
        services.AddSingleton<QdrantChunkIndex>();
        services.AddSingleton<QdrantChunkStore>();
        services.AddSingleton<IChunkStore>(sp => sp.GetRequiredService<QdrantChunkStore>());
        services.AddHostedService<QdrantBootstrapService>();
        services.AddExceptionHandler<QdrantExceptionHandler>();
        services.AddHealthChecks().AddCheck<QdrantHealthCheck>("chunk-store", tags: ["ready"]);
        return services;
    }

    private sealed class QdrantOptionsValidator : IValidateOptions<QdrantOptions>
    {
        public ValidateOptionsResult Validate(string? name, QdrantOptions options)
        {
            var failures = options.Validate().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
