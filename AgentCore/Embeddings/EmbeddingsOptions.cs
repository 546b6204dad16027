namespace Switchboard.AgentCore.AI.Embeddings;

/// <summary>Bound from <c>AI:Embeddings</c>: which embedding provider every service uses, and its vector size.</summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "AI:Embeddings";

    /// <summary>The providers this build knows; the model-layer issue adds hosted and local-model providers here.</summary>
    public static readonly IReadOnlyList<string> KnownProviders = [EmbeddingProviders.Hashing];

    /// <summary><c>Hashing</c> (default): the built-in <see cref="HashingEmbeddingGenerator"/>.</summary>
    public string Provider { get; set; } = EmbeddingProviders.Hashing;

    /// <summary>The provider's model; the hashing embedder has only one and ignores it.</summary>
    public string? Model { get; set; }

    /// <summary>Vector size; the provider's default when unset (1024 for hashing).</summary>
    public int? Dimensions { get; set; }

    internal bool HasKnownProvider => KnownProviders.Contains(Provider, StringComparer.OrdinalIgnoreCase);

    internal bool HasValidDimensions => Dimensions is null or (>= 16 and <= 65536);
}

public static class EmbeddingProviders
{
    public const string Hashing = "Hashing";
}
