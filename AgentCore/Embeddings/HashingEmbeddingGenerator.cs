using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Switchboard.AgentCore.AI.Embeddings;

/// <summary>
/// The embedded default embedder: no model file, no network. Each text becomes a bag of features — content-word
/// unigrams, adjacent content-word bigrams and character 3/4-grams of each word — hashed (FNV-1a, 64 bit) into a
/// fixed number of dimensions with a hash-derived sign, then L2-normalised, so cosine similarity is a dot product.
/// The same text gives the same vector in every process and on every machine (the hash is ours, not
/// <see cref="string.GetHashCode()"/>, which is randomised per process).
/// </summary>
/// <remarks>
/// Character n-grams make inflections and compounds meet ("reimbursed"/"reimbursement"), bigrams reward phrases.
/// It captures surface similarity only: a paraphrase with no shared word stems stays far apart. Stopwords are left out
/// because they would otherwise dominate short texts (every question starts with "what is the").
/// </remarks>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "hashing";
    public const string ModelId = "switchboard-hashing-v1";
    public const int DefaultDimensions = 1024;

    private const float UnigramWeight = 1.0f;
    private const float BigramWeight = 0.7f;
    private const float CharGramWeight = 0.35f;

    private readonly EmbeddingGeneratorMetadata _metadata;

    public HashingEmbeddingGenerator(int dimensions = DefaultDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, 65536);
        Dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, defaultModelId: ModelId, defaultModelDimensions: dimensions);
    }

    public int Dimensions { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var dimensions = options?.Dimensions ?? Dimensions;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value ?? string.Empty, dimensions)) { ModelId = ModelId });
        }

        return Task.FromResult(result);
    }

    /// <summary>The vector of one text: deterministic, L2 norm 1 (all zeros when the text has no content word).</summary>
    public float[] Embed(string text, int? dimensions = null)
    {
        var vector = new float[dimensions ?? Dimensions];
        string? previous = null;
        foreach (var word in Words(text))
        {
            if (EmbeddingStopwords.Contains(word))
            {
                // A stopword between two content words breaks the phrase ("cost of travel" is not "cost travel").
                previous = null;
                continue;
            }

            Add(vector, 'w', word, null, UnigramWeight);
            if (previous is not null)
            {
                Add(vector, 'b', previous, word, BigramWeight);
            }

            AddCharGrams(vector, word);
            previous = word;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// Lowercased (invariant) runs of letters and digits. No Unicode normalisation: the services run with
    /// InvariantGlobalization, where it is not available for non-ASCII text, and the same text must give the same vector.
    /// </summary>
    private static IEnumerable<string> Words(string normalized)
    {
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var inWord = i < normalized.Length && char.IsLetterOrDigit(normalized[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return normalized[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    private static void AddCharGrams(float[] vector, string word)
    {
        // "#word#": the boundary marks make prefixes and suffixes features of their own.
        var padded = string.Concat("#", word, "#");
        for (var n = 3; n <= 4; n++)
        {
            for (var i = 0; i + n <= padded.Length; i++)
            {
                Add(vector, (char)('0' + n), padded.AsSpan(i, n), default, CharGramWeight);
            }
        }
    }

    private static void Add(float[] vector, char kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second, float weight)
    {
        var hash = Fnv1a.Start;
        hash = Fnv1a.Append(hash, kind);
        hash = Fnv1a.Append(hash, first);
        if (!second.IsEmpty)
        {
            hash = Fnv1a.Append(hash, ' ');
            hash = Fnv1a.Append(hash, second);
        }

        // The top bit picks the sign, the rest the dimension: collisions then cancel out on average instead of piling up.
        var index = (int)((hash & 0x7FFF_FFFF_FFFF_FFFFUL) % (ulong)vector.Length);
        vector[index] += (hash >> 63) == 0 ? weight : -weight;
    }

    /// <summary>64-bit FNV-1a over UTF-16 code units: tiny, stable across processes and platforms.</summary>
    private static class Fnv1a
    {
        public const ulong Start = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public static ulong Append(ulong hash, char c)
        {
            hash = (hash ^ (byte)c) * Prime;
            return (hash ^ (byte)(c >> 8)) * Prime;
        }

        public static ulong Append(ulong hash, ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                hash = Append(hash, c);
            }

            return hash;
        }
    }
}
