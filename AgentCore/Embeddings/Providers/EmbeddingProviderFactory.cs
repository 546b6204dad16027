using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.AI.Chat.Http;
using Switchboard.AgentCore.AI.Chat.Providers;

namespace Switchboard.AgentCore.AI.Embeddings.Providers;

/// <summary>
/// Builds the non-default embedding providers from the <c>AI:Embeddings</c> section: <c>OpenAI</c>, <c>AzureOpenAI</c>,
/// <c>Ollama</c> (over a factory-made <see cref="HttpClient"/> with retries) and <c>Onnx</c> (a local model file).
/// The registration (<c>EmbeddingsExtensions</c>) owns <c>Hashing</c> and calls this for the rest.
/// </summary>
/// <remarks>
/// Keys read here, beside <c>Provider</c>, <c>Model</c> and <c>Dimensions</c>: <c>Endpoint</c>, <c>ApiKey</c>,
/// <c>Deployment</c>, <c>ApiVersion</c> (Azure), <c>ModelPath</c>, <c>VocabPath</c>, <c>MaxTokens</c>, <c>LowerCase</c>
/// (Onnx), <c>Timeout</c>, <c>Resilience:*</c>.
/// </remarks>
public static class EmbeddingProviderFactory
{
    public const string OpenAI = "OpenAI";
    public const string AzureOpenAI = "AzureOpenAI";
    public const string Ollama = "Ollama";
    public const string Onnx = "Onnx";

    public static readonly IReadOnlyList<string> Providers = [OpenAI, AzureOpenAI, Ollama, Onnx];

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static bool IsKnown(string? provider) => Normalize(provider) is not null;

    /// <summary>
    /// Registers the named HttpClient the hosted providers use, with retries honouring Retry-After and timeouts from
    /// <c>AI:Embeddings:Timeout</c> / <c>AI:Embeddings:Resilience:*</c>. Call once at registration.
    /// </summary>
    public static IServiceCollection AddEmbeddingProviderHttpClient(this IServiceCollection services, IConfiguration embeddingsSection)
    {
        services.AddProviderHttpClient(
            ProviderHttpClients.EmbeddingsClientName,
            embeddingsSection.GetSection("Resilience"),
            _ => Timeout(embeddingsSection));
        return services;
    }

    /// <summary>The configuration errors of <paramref name="provider"/>, each naming its key; empty when it can be built.</summary>
    public static IReadOnlyList<string> Validate(string provider, IConfiguration section)
    {
        var errors = new List<string>();
        switch (Normalize(provider))
        {
            case null:
                errors.Add($"AI:Embeddings:Provider '{provider}' is not a model provider; the providers are: {string.Join(", ", Providers)}.");
                break;
            case OpenAI:
                Require(section, "ApiKey", OpenAI, errors);
                Require(section, "Model", OpenAI, errors);
                break;
            case AzureOpenAI:
                Require(section, "Endpoint", AzureOpenAI, errors);
                Require(section, "ApiKey", AzureOpenAI, errors);
                Require(section, "Deployment", AzureOpenAI, errors);
                if (section["ApiVersion"] is { Length: > 0 } version && !AzureOpenAIApiVersions.TryParse(version, out _))
                {
                    errors.Add($"AI:Embeddings:ApiVersion '{version}' is not supported by this build; use one of: {string.Join(", ", AzureOpenAIApiVersions.Supported)}.");
                }

                break;
            case Ollama:
                Require(section, "Model", Ollama, errors);
                break;
            case Onnx:
                Require(section, "ModelPath", Onnx, errors);
                Require(section, "VocabPath", Onnx, errors);
                foreach (var key in new[] { "ModelPath", "VocabPath" })
                {
                    if (section[key] is { Length: > 0 } path && !File.Exists(path))
                    {
                        errors.Add($"AI:Embeddings:{key} '{path}' does not exist.");
                    }
                }

                if (section["MaxTokens"] is { Length: > 0 } max && (!int.TryParse(max, out var n) || n < 3))
                {
                    errors.Add("AI:Embeddings:MaxTokens must be a whole number of at least 3.");
                }

                break;
        }

        if (section["Endpoint"] is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"AI:Embeddings:Endpoint '{endpoint}' is not an absolute http(s) URL.");
        }

        return errors;
    }

    /// <summary>
    /// The <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for <paramref name="provider"/> configured by
    /// <paramref name="section"/> (<c>AI:Embeddings</c>). Throws <see cref="InvalidOperationException"/> naming the key
    /// when the configuration is incomplete.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(string provider, IConfiguration section, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(services);
        var errors = Validate(provider, section);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        var dimensions = int.TryParse(section["Dimensions"], out var d) ? d : (int?)null;
        var timeout = Timeout(section);
        HttpClient Http() => services.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderHttpClients.EmbeddingsClientName);

        return Normalize(provider) switch
        {
            OpenAI => OpenAIClients.CreateOpenAI(Http(), section["ApiKey"]!, section["Endpoint"], timeout)
                .GetEmbeddingClient(section["Model"]!)
                .AsIEmbeddingGenerator(dimensions),
            AzureOpenAI => OpenAIClients.CreateAzure(Http(), section["Endpoint"]!, section["ApiKey"]!, section["ApiVersion"], timeout)
                .GetEmbeddingClient(section["Deployment"]!)
                .AsIEmbeddingGenerator(dimensions),
            Ollama => ChatProviderFactory.CreateOllama(Http(), section["Endpoint"], section["Model"]!),
            Onnx => new OnnxEmbeddingGenerator(
                section["ModelPath"]!,
                section["VocabPath"]!,
                section["Model"],
                int.TryParse(section["MaxTokens"], out var max) ? max : OnnxEmbeddingGenerator.DefaultMaxTokens,
                !bool.TryParse(section["LowerCase"], out var lower) || lower),
            _ => throw new InvalidOperationException($"AI:Embeddings:Provider '{provider}' is not a model provider."),
        };
    }

    private static string? Normalize(string? provider) =>
        Providers.FirstOrDefault(p => string.Equals(p, provider?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static TimeSpan Timeout(IConfiguration section) =>
        TimeSpan.TryParse(section["Timeout"], System.Globalization.CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t : DefaultTimeout;

    private static void Require(IConfiguration section, string key, string provider, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(section[key]))
        {
            errors.Add($"AI:Embeddings:{key} is required when AI:Embeddings:Provider is {provider} (environment variable AI__Embeddings__{key}).");
        }
    }
}
