using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Switchboard.AgentCore.AI.Embeddings.Providers;

/// <summary>
/// A local sentence-embedding model (a BERT-family ONNX export such as all-MiniLM-L6-v2) run with ONNX Runtime on the
/// CPU: WordPiece tokens from the model's <c>vocab.txt</c>, <c>input_ids</c>/<c>attention_mask</c>/<c>token_type_ids</c>
/// in (whichever the model declares), mean pooling over the attention mask, L2 normalisation.
/// </summary>
/// <remarks>
/// A model that already outputs a pooled <c>sentence_embedding</c> <c>[batch, dimension]</c> is used as is (and normalised);
/// otherwise the first output, <c>[batch, sequence, dimension]</c>, is pooled. Texts longer than
/// <see cref="MaxTokens"/> are truncated. Inference runs synchronously on the calling thread; the session is safe
/// for concurrent calls.
/// </remarks>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "onnx";
    public const int DefaultMaxTokens = 256;

    // Batches bound the padded tensor's size; one long text otherwise pads every short one to its length.
    private const int BatchSize = 16;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string _outputName;
    private readonly bool _outputIsPooled;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OnnxEmbeddingGenerator(string modelPath, string vocabPath, string? modelId = null, int maxTokens = DefaultMaxTokens, bool lowerCase = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(vocabPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The ONNX model file '{modelPath}' does not exist (AI:Embeddings:ModelPath).", modelPath);
        }

        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException($"The vocabulary file '{vocabPath}' does not exist (AI:Embeddings:VocabPath).", vocabPath);
        }

        MaxTokens = maxTokens;
        _tokenizer = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = lowerCase });
        _session = new InferenceSession(modelPath);
        if (!_session.InputMetadata.ContainsKey("input_ids"))
        {
            _session.Dispose();
            throw new InvalidOperationException($"The ONNX model '{modelPath}' has no 'input_ids' input; it is not a BERT-style text encoder.");
        }

        (_outputName, _outputIsPooled) = _session.OutputMetadata.ContainsKey("sentence_embedding")
            ? ("sentence_embedding", true)
            : (_session.OutputMetadata.Keys.First(), false);
        var dimensions = _session.OutputMetadata[_outputName].Dimensions is { Length: > 0 } shape && shape[^1] > 0 ? shape[^1] : (int?)null;
        ModelId = modelId ?? Path.GetFileNameWithoutExtension(modelPath);
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, new Uri(Path.GetFullPath(modelPath)), ModelId, dimensions);
    }

    public int MaxTokens { get; }

    public string ModelId { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        long tokens = 0;
        foreach (var batch in values.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (vectors, batchTokens) = EmbedBatch(batch);
            tokens += batchTokens;
            result.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = DateTimeOffset.UtcNow }));
        }

        result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => _session.Dispose();

    private (float[][] Vectors, long Tokens) EmbedBatch(string[] texts)
    {
        var ids = texts
            .Select(t => _tokenizer.EncodeToIds(t ?? string.Empty, MaxTokens, addSpecialTokens: true, out _, out _))
            .ToArray();
        var batch = texts.Length;
        var sequence = Math.Max(ids.Max(i => i.Count), 1);

        var inputIds = new long[batch * sequence];
        var attentionMask = new long[batch * sequence];
        Array.Fill(inputIds, _tokenizer.PaddingTokenId);
        for (var b = 0; b < batch; b++)
        {
            for (var s = 0; s < ids[b].Count; s++)
            {
                inputIds[b * sequence + s] = ids[b][s];
                attentionMask[b * sequence + s] = 1;
            }
        }

        int[] shape = [batch, sequence];
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(inputIds, shape)),
        };
        if (_session.InputMetadata.ContainsKey("attention_mask"))
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(attentionMask, shape)));
        }

        if (_session.InputMetadata.ContainsKey("token_type_ids"))
        {
            // One sentence per input: every token belongs to segment 0.
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[batch * sequence], shape)));
        }

        using var outputs = _session.Run(inputs, [_outputName]);
        var tensor = outputs[0].AsTensor<float>();
        ReadOnlySpan<float> values = tensor is DenseTensor<float> dense ? dense.Buffer.Span : tensor.ToArray();
        float[][] vectors;
        if (_outputIsPooled || tensor.Rank == 2)
        {
            var dimension = tensor.Dimensions[^1];
            vectors = new float[batch][];
            for (var b = 0; b < batch; b++)
            {
                vectors[b] = values.Slice(b * dimension, dimension).ToArray();
            }
        }
        else if (tensor.Rank == 3 && tensor.Dimensions[0] == batch && tensor.Dimensions[1] == sequence)
        {
            vectors = EmbeddingPooling.MeanPool(values, attentionMask, batch, sequence, tensor.Dimensions[2]);
        }
        else
        {
            throw new InvalidOperationException(
                $"The ONNX model's output '{_outputName}' has shape [{string.Join(", ", tensor.Dimensions.ToArray())}]; expected [batch, sequence, dimension] or [batch, dimension].");
        }

        foreach (var vector in vectors)
        {
            EmbeddingPooling.L2Normalize(vector);
        }

        return (vectors, attentionMask.Sum());
    }
}
