using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.AI.Embeddings;

public static class EmbeddingsExtensions
{
    /// <summary>
    /// Registers the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> chosen by <c>AI:Embeddings:Provider</c>
    /// (default <c>Hashing</c>) with <c>AI:Embeddings:Dimensions</c>. An unknown provider or an impossible size stops
    /// the host at start-up with a message naming the key, rather than failing on the first upload.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddingGenerator(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddingsOptions>()
            .BindConfiguration(EmbeddingsOptions.SectionName)
            .Validate(o => o.HasKnownProvider,
                $"AI:Embeddings:Provider is not a known embedding provider; the providers are: {string.Join(", ", EmbeddingsOptions.KnownProviders)}.")
            .Validate(o => o.HasValidDimensions, "AI:Embeddings:Dimensions must be between 16 and 65536.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(services =>
        {
            var options = services.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
            return options.Provider.ToUpperInvariant() switch
            {
                "HASHING" => new HashingEmbeddingGenerator(options.Dimensions ?? HashingEmbeddingGenerator.DefaultDimensions),
                _ => throw new InvalidOperationException(
                    $"AI:Embeddings:Provider '{options.Provider}' is not a known embedding provider; the providers are: {string.Join(", ", EmbeddingsOptions.KnownProviders)}."),
            };
        });
        return builder;
    }
}
