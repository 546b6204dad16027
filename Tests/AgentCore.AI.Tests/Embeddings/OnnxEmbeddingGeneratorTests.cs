using Switchboard.AgentCore.AI.Embeddings.Providers;
using Switchboard.AgentCore.AI.Tests.Chat;

namespace Switchboard.AgentCore.AI.Tests.Embeddings;

/// <summary>
/// Runs <see cref="OnnxEmbeddingGenerator"/> end to end — BertTokenizer, ONNX Runtime session, mean pooling, L2 norm —
/// on a tiny embedding-lookup model written by the test, whose outputs can be worked out by hand.
/// </summary>
public sealed class OnnxEmbeddingGeneratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-onnx-").FullName;
    private readonly string _model;
    private readonly string _vocab;

    public OnnxEmbeddingGeneratorTests()
    {
        _vocab = Path.Combine(_dir, "vocab.txt");
        File.WriteAllLines(_vocab, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "refund", "policy", "travel", "cost", "##s"]);
        _model = Path.Combine(_dir, "model.onnx");
        TinyOnnxModel.Write(_model, new float[,]
        {
            { 100, 100, 100 }, // [PAD]: huge, so any padding that leaks into the mean shows
            { 0, 0, 0 },       // [UNK]
            { 0, 0, 0 },       // [CLS]
            { 0, 0, 0 },       // [SEP]
            { 0, 0, 0 },       // [MASK]
            { 4, 0, 0 },       // refund
            { 0, 4, 0 },       // policy
            { 0, 0, 3 },       // travel
            { 1, 1, 1 },       // cost
            { 0, 0, 1 },       // ##s
        });
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Mean_pools_over_real_tokens_and_normalises()
    {
        using var generator = new OnnxEmbeddingGenerator(_model, _vocab, "tiny");

        // A batch pads "refund" to the longest text; the attention mask keeps [PAD] out of the mean.
        var embeddings = await generator.GenerateAsync(["refund", "Refund Policy", "refund policy travel"]);

        AssertVector([1, 0, 0], embeddings[0].Vector.ToArray());
        AssertVector([MathF.Sqrt(0.5f), MathF.Sqrt(0.5f), 0], embeddings[1].Vector.ToArray());
        AssertVector([4 / MathF.Sqrt(41), 4 / MathF.Sqrt(41), 3 / MathF.Sqrt(41)], embeddings[2].Vector.ToArray());
        Assert.Equal("tiny", embeddings[0].ModelId);
        // [CLS] + tokens + [SEP] per text: 3 + 4 + 5.
        Assert.Equal(12, embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Word_pieces_are_tokenised_from_the_vocabulary()
    {
        using var generator = new OnnxEmbeddingGenerator(_model, _vocab);

        var vector = (await generator.GenerateAsync(["costs"]))[0].Vector.ToArray();

        // cost (1,1,1) + ##s (0,0,1) = (1,1,2), normalised.
        AssertVector([1 / MathF.Sqrt(6), 1 / MathF.Sqrt(6), 2 / MathF.Sqrt(6)], vector);
    }

    [Fact]
    public async Task Long_texts_are_truncated_to_MaxTokens()
    {
        using var generator = new OnnxEmbeddingGenerator(_model, _vocab, maxTokens: 3);

        var vector = (await generator.GenerateAsync(["refund policy travel"]))[0].Vector.ToArray();

        AssertVector([1, 0, 0], vector);
    }

    [Fact]
    public void Missing_files_name_the_setting()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new OnnxEmbeddingGenerator(Path.Combine(_dir, "nope.onnx"), _vocab));

        Assert.Contains("AI:Embeddings:ModelPath", error.Message);
    }

    [Fact]
    public async Task The_factory_builds_it_from_configuration()
    {
        var section = OpenAIWireTests.Section(new() { ["Provider"] = "Onnx", ["ModelPath"] = _model, ["VocabPath"] = _vocab, ["Model"] = "tiny" });
        using var services = OpenAIWireTests.EmbeddingServices(section);

        using var generator = EmbeddingProviderFactory.Create("onnx", section, services);
        var vector = (await generator.GenerateAsync(["travel"]))[0].Vector.ToArray();

        AssertVector([0, 0, 1], vector);
    }

    [Fact]
    public void The_factory_names_missing_settings()
    {
        var section = OpenAIWireTests.Section(new() { ["Provider"] = "Onnx" });

        var errors = EmbeddingProviderFactory.Validate("Onnx", section);

        Assert.Contains(errors, e => e.StartsWith("AI:Embeddings:ModelPath is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AI:Embeddings:VocabPath is required", StringComparison.Ordinal));
        Assert.Contains(EmbeddingProviderFactory.Validate("OpenAI", section), e => e.StartsWith("AI:Embeddings:ApiKey is required", StringComparison.Ordinal));
        Assert.Contains(EmbeddingProviderFactory.Validate("Word2Vec", section), e => e.Contains("AI:Embeddings:Provider 'Word2Vec'"));
    }

    private static void AssertVector(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }
}

public sealed class EmbeddingPoolingTests
{
    [Fact]
    public void Masked_positions_do_not_count()
    {
        // batch 1, sequence 3, dimension 2; the last position is padding.
        float[] hidden = [2, 0, 0, 4, 99, 99];
        long[] mask = [1, 1, 0];

        var pooled = EmbeddingPooling.MeanPool(hidden, mask, 1, 3, 2);

        Assert.Equal([1f, 2f], pooled[0]);
    }

    [Fact]
    public void Normalising_gives_unit_length_and_leaves_zero_alone()
    {
        float[] v = [3, 4];
        float[] zero = [0, 0];

        EmbeddingPooling.L2Normalize(v);
        EmbeddingPooling.L2Normalize(zero);

        Assert.Equal([0.6f, 0.8f], v);
        Assert.Equal([0f, 0f], zero);
    }

    [Fact]
    public void Shape_mismatch_is_rejected() =>
        Assert.Throws<ArgumentException>(() => EmbeddingPooling.MeanPool(new float[5], new long[3], 1, 3, 2));
}
