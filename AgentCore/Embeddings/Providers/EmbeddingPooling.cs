using System.Numerics.Tensors;

namespace Switchboard.AgentCore.AI.Embeddings.Providers;

/// <summary>
/// Sentence-transformer pooling: a token-level hidden state <c>[batch, sequence, dimension]</c> becomes one vector per
/// text by averaging the tokens the attention mask marks as real (padding does not count), then scaling to length 1 so
/// cosine similarity is a dot product.
/// </summary>
public static class EmbeddingPooling
{
    public static float[][] MeanPool(ReadOnlySpan<float> hidden, ReadOnlySpan<long> attentionMask, int batch, int sequence, int dimension)
    {
        if (hidden.Length != batch * sequence * dimension)
        {
            throw new ArgumentException($"The hidden state has {hidden.Length} values, not {batch}x{sequence}x{dimension}.", nameof(hidden));
        }

        if (attentionMask.Length != batch * sequence)
        {
            throw new ArgumentException($"The attention mask has {attentionMask.Length} values, not {batch}x{sequence}.", nameof(attentionMask));
        }

        var result = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            var vector = new float[dimension];
            var tokens = 0;
            for (var s = 0; s < sequence; s++)
            {
                if (attentionMask[b * sequence + s] == 0)
                {
                    continue;
                }

                TensorPrimitives.Add(vector, hidden.Slice((b * sequence + s) * dimension, dimension), vector);
                tokens++;
            }

            if (tokens > 0)
            {
                TensorPrimitives.Divide(vector, tokens, vector);
            }

            result[b] = vector;
        }

        return result;
    }

    /// <summary>Scales <paramref name="vector"/> in place to Euclidean length 1 (a zero vector stays zero).</summary>
    public static void L2Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }
}
