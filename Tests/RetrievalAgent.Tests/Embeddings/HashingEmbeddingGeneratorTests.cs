using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Embeddings;

namespace Switchboard.RetrievalAgent.Tests.Embeddings;

public sealed class HashingEmbeddingGeneratorTests
{
    private static float Cosine(float[] a, float[] b) => TensorPrimitives.CosineSimilarity(a, b);

    [Fact]
    public async Task Vectors_are_deterministic_across_instances_and_unit_length()
    {
        IEmbeddingGenerator<string, Embedding<float>> first = new HashingEmbeddingGenerator();
        IEmbeddingGenerator<string, Embedding<float>> second = new HashingEmbeddingGenerator();

        var a = await first.GenerateAsync(["Hotel costs are reimbursed up to 180 EUR per night."]);
        var b = await second.GenerateVectorAsync("Hotel costs are reimbursed up to 180 EUR per night.");

        Assert.Equal(1024, a[0].Vector.Length);
        Assert.True(a[0].Vector.Span.SequenceEqual(b.Span));
        Assert.Equal(1.0, TensorPrimitives.Norm(a[0].Vector.Span), 4);
        Assert.Equal(HashingEmbeddingGenerator.ModelId, a[0].ModelId);
    }

    [Fact]
    public void Related_texts_are_closer_than_unrelated_ones()
    {
        var embedder = new HashingEmbeddingGenerator();
        var question = embedder.Embed("How much is reimbursed for hotels?");
        var related = embedder.Embed("Hotel costs are reimbursed up to 180 EUR per night in Europe.");
        var unrelated = embedder.Embed("Passwords must be at least 14 characters long.");

        // Character n-grams let "reimbursed"/"hotels" meet "reimbursed"/"Hotel" despite the inflection.
        Assert.True(Cosine(question, related) > Cosine(question, unrelated) + 0.2);
    }

    [Fact]
    public void Text_without_content_words_is_the_zero_vector()
    {
        var vector = new HashingEmbeddingGenerator(64).Embed("what is the ?!");

        Assert.Equal(64, vector.Length);
        Assert.All(vector, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Case_and_punctuation_do_not_change_the_vector()
    {
        var embedder = new HashingEmbeddingGenerator();

        Assert.Equal(embedder.Embed("Annual LEAVE policy"), embedder.Embed("annual leave policy"));
        Assert.Equal(embedder.Embed("annual-leave (policy)!"), embedder.Embed("annual leave policy"));
        Assert.NotEqual(embedder.Embed("leave annual policy"), embedder.Embed("annual leave policy")); // bigrams keep order
    }

    [Fact]
    public void Metadata_names_the_provider_model_and_dimensions()
    {
        IEmbeddingGenerator<string, Embedding<float>> embedder = new HashingEmbeddingGenerator(256);

        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(("hashing", HashingEmbeddingGenerator.ModelId, 256), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
    }

    [Fact]
    public async Task The_default_provider_is_hashing_with_the_configured_dimensions()
    {
        using var host = Build(new() { ["AI:Embeddings:Dimensions"] = "384" });
        await host.StartAsync();

        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.IsType<HashingEmbeddingGenerator>(embedder);
        Assert.Equal(384, (await embedder.GenerateVectorAsync("annual leave")).Length);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("AI:Embeddings:Provider", "OpenAIx", "AI:Embeddings:Provider")]
    [InlineData("AI:Embeddings:Dimensions", "4", "AI:Embeddings:Dimensions")]
    public async Task A_bad_setting_stops_the_host_at_start_naming_the_key(string key, string value, string named)
    {
        using var host = Build(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message);
        if (key.EndsWith("Provider", StringComparison.Ordinal))
        {
            Assert.Contains(EmbeddingProviders.Hashing, error.Message); // says which providers exist
        }
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEmbeddingGenerator();
        return builder.Build();
    }
}
