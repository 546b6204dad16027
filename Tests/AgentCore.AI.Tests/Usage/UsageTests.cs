using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Tests.Support;
using Switchboard.AgentCore.AI.Usage;

namespace Switchboard.AgentCore.AI.Tests.Usage;

public sealed class TokenCounterTests
{
    [Fact]
    public void Counts_o200k_tokens_of_text()
    {
        var counter = TokenCounter.Shared;

        Assert.Equal(0, counter.CountTokens(""));
        Assert.Equal(0, counter.CountTokens(null));
        Assert.Equal(2, counter.CountTokens("Hello world"));
        Assert.True(counter.CountTokens("Refunds are processed within five business days.") > counter.CountTokens("Refunds"));
    }

    [Fact]
    public void Long_texts_counted_again_give_the_encoder_s_count_also_past_the_memo_s_capacity()
    {
        var counter = new TokenCounter();
        var encoder = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o");
        var texts = Enumerable.Range(0, 5000)
            .Select(i => $"Chunk {i}: " + string.Join(' ', Enumerable.Repeat($"allowance{i % 97} per diem {i * 7}", 12)))
            .ToList();

        foreach (var round in new[] { 0, 1 })
        {
            foreach (var text in texts.Where((_, i) => i % 50 == round))
            {
                Assert.True(text.Length >= 256);
                Assert.Equal(encoder.CountTokens(text), counter.CountTokens(text));
            }
        }

        // More distinct long texts than the memo holds: counts stay exact after it starts over.
        Assert.All(texts, text => Assert.Equal(encoder.CountTokens(text), counter.CountTokens(text)));
        Assert.Equal(encoder.CountTokens(texts[0]), counter.CountTokens(texts[0]));
    }

    [Fact]
    public void Input_count_adds_framing_per_message_and_the_instructions()
    {
        var counter = TokenCounter.Shared;
        ChatMessage[] messages = [new(ChatRole.User, "Hello world")];

        var plain = counter.CountInputTokens(messages);
        var withInstructions = counter.CountInputTokens(messages, new ChatOptions { Instructions = "Hello world" });

        Assert.Equal(TokenCounter.TokensPerReply + TokenCounter.TokensPerMessage + 2, plain);
        Assert.Equal(plain + TokenCounter.TokensPerMessage + 2, withInstructions);
    }
}

public sealed class ModelPricingTests
{
    private static readonly ModelPricing Prices = new()
    {
        ["gpt-4o-mini"] = new ModelPrice { InputPerMillion = 0.15m, OutputPerMillion = 0.60m },
        ["gpt-4o"] = new ModelPrice { InputPerMillion = 2.50m, OutputPerMillion = 10m },
        ["llama3.2_3b"] = new ModelPrice { InputPerMillion = 0m, OutputPerMillion = 0m },
    };

    [Theory]
    [InlineData("gpt-4o-mini", 0.15)]
    [InlineData("GPT-4O-MINI", 0.15)]
    [InlineData("gpt-4o-mini-2024-07-18", 0.15)] // dated id from the provider: longest matching name wins
    [InlineData("gpt-4o-2024-08-06", 2.50)]
    [InlineData("llama3.2:3b", 0)] // ':' cannot appear in a configuration key
    public void Finds_the_price(string model, decimal input)
    {
        Assert.True(Prices.TryGetPrice(model, out var price));
        Assert.Equal(input, price.InputPerMillion);
    }

    [Theory]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("gpt-4")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_models_have_no_price(string? model) => Assert.False(Prices.TryGetPrice(model, out _));

    [Fact]
    public void Calculator_prices_per_million_tokens()
    {
        var calculator = new UsageCalculator(new StaticMonitor<ModelPricing>(Prices));

        var usage = calculator.Calculate(new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 500 }, "gpt-4o-mini-2024-07-18");

        Assert.Equal(new AnswerUsage(1_000, 500, 0.00045m, "gpt-4o-mini-2024-07-18"), usage);
        Assert.False(usage.Unpriced);
    }

    [Fact]
    public void Unknown_model_costs_zero_and_is_flagged_unpriced()
    {
        var calculator = new UsageCalculator(new StaticMonitor<ModelPricing>(Prices));

        var usage = calculator.Calculate(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 }, "claude-sonnet-4-5");

        Assert.Equal(0m, usage.CostUsd);
        Assert.True(usage.Unpriced);
        Assert.Equal(10, usage.InputTokens);
        Assert.Contains("\"unpriced\":true", System.Text.Json.JsonSerializer.Serialize(usage, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
    }

    [Fact]
    public void Calculator_uses_the_response_model_and_the_estimate_flag()
    {
        var calculator = new UsageCalculator(new StaticMonitor<ModelPricing>(Prices));
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"))
        {
            ModelId = "gpt-4o",
            Usage = new UsageDetails { InputTokenCount = 1_000_000, OutputTokenCount = 100_000 },
            AdditionalProperties = new() { [UsageAccountingChatClient.EstimatedProperty] = true },
        };

        var usage = calculator.Calculate(response, configuredModel: "gpt-4o-mini");

        Assert.Equal("gpt-4o", usage.Model);
        Assert.Equal(3.5m, usage.CostUsd);
        Assert.True(usage.Estimated);
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}

public sealed class UsageAccountingChatClientTests
{
    [Fact]
    public async Task Fills_missing_usage_from_the_token_counter()
    {
        using var client = new UsageAccountingChatClient(new FixedAnswerChatClient("Hello world"), TokenCounter.Shared);

        var response = await client.GetResponseAsync("Hello world");

        Assert.Equal(TokenCounter.TokensPerReply + TokenCounter.TokensPerMessage + 2, response.Usage?.InputTokenCount);
        Assert.Equal(2, response.Usage?.OutputTokenCount);
        Assert.Equal(response.Usage?.InputTokenCount + 2, response.Usage?.TotalTokenCount);
        Assert.Equal(true, response.AdditionalProperties?[UsageAccountingChatClient.EstimatedProperty]);
    }

    [Fact]
    public async Task Keeps_usage_the_provider_reported()
    {
        var reported = new UsageDetails { InputTokenCount = 42, OutputTokenCount = 8 };
        using var client = new UsageAccountingChatClient(new ReportingClient(reported), TokenCounter.Shared);

        var response = await client.GetResponseAsync("Hello world");

        Assert.Equal(42, response.Usage?.InputTokenCount);
        Assert.Equal(8, response.Usage?.OutputTokenCount);
        Assert.Null(response.AdditionalProperties);
    }

    [Fact]
    public async Task Streaming_without_usage_gets_a_final_usage_update()
    {
        using var client = new UsageAccountingChatClient(new FixedAnswerChatClient("Hello world"), TokenCounter.Shared);

        var updates = await client.GetStreamingResponseAsync("Hello world").ToListAsync();
        var response = updates.ToChatResponse();

        Assert.Equal("Hello world ", response.Text);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(TokenCounter.TokensPerReply + TokenCounter.TokensPerMessage + 2, response.Usage?.InputTokenCount);
        Assert.Equal(TokenCounter.Shared.CountTokens("Hello world "), response.Usage?.OutputTokenCount);
    }

    private sealed class ReportingClient(UsageDetails usage) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "reply")) { Usage = usage });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
