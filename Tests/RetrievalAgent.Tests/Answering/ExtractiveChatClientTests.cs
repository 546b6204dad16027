using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Answering;

/// <summary>
/// The default <see cref="IChatClient"/> of the RetrievalAgent (<c>AI:Chat:Provider</c> unset, so Extractive): resolved
/// from the real service's container, so it runs inside the configured pipeline, and asked with the real
/// retrieval-answer prompt whose sources are paragraphs of the quick-start documents in <c>samples/</c>.
/// </summary>
public sealed class ExtractiveChatClientTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string BereavementQuestion = "How many days of paid bereavement leave do employees receive?";
    private const string BereavementSentence = "Employees receive 5 days of paid bereavement leave after the death of a close family member.";

    private RetrievalApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new RetrievalApp(redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Three sources as retrieval would give them: paragraphs of two sample documents, numbered 1..3.</summary>
    private static List<PromptSource> Sources()
    {
        static string Paragraph(string file, string containing) =>
            File.ReadAllText(Path.Combine(Samples.Root, file)).ReplaceLineEndings("\n")
                .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Single(p => p.Contains(containing, StringComparison.Ordinal));

        return
        [
            new(1, "support-sla.txt", Paragraph("support-sla.txt", "Standard support is included")),
            new(2, "leave-policy.txt", Paragraph("leave-policy.txt", "days of paid annual leave")),
            new(3, "leave-policy.txt", Paragraph("leave-policy.txt", "bereavement leave after")),
        ];
    }

    private static (List<ChatMessage> Messages, ChatOptions Options) Request(string question, IReadOnlyList<PromptSource> sources)
    {
        var instructions = PromptLibrary.LoadEmbedded().Get(PromptNames.RetrievalAnswer).Render(new Dictionary<string, string>
        {
            ["sources"] = PromptSources.Format(sources),
            ["not_found"] = PromptNames.NotFoundMarker,
        });
        return ([new ChatMessage(ChatRole.User, question)], new ChatOptions { Instructions = instructions });
    }

    private IChatClient Chat => _app.Services.GetRequiredService<IChatClient>();

    [SamplesFact]
    public async Task The_default_chat_client_is_the_extractive_one_inside_the_configured_pipeline()
    {
        var chat = Chat;

        Assert.IsNotType<ExtractiveChatClient>(chat);
        Assert.NotNull(chat.GetService<ExtractiveChatClient>());
        Assert.NotNull(chat.GetService<OpenTelemetryChatClient>());
        Assert.NotNull(chat.GetService<UsageAccountingChatClient>());
        Assert.Null(chat.GetService<DistributedCachingChatClient>());
        var metadata = chat.GetService<ChatClientMetadata>();
        Assert.Equal("extractive", metadata?.ProviderName);
        Assert.Equal("extractive", metadata?.DefaultModelId);
        Assert.Same(chat, _app.Services.GetRequiredService<IChatClient>());
        await Task.CompletedTask;
    }

    [SamplesFact]
    public async Task A_supported_question_gets_a_verbatim_source_sentence_with_its_source_number_and_usage()
    {
        var sources = Sources();
        var (messages, options) = Request(BereavementQuestion, sources);

        var response = await Chat.GetResponseAsync(messages, options);

        Assert.StartsWith(BereavementSentence + " [3]", response.Text, StringComparison.Ordinal);
        // Every sentence of the reply is verbatim in the source it cites.
        foreach (var (sentence, number) in ModelReply.CitedSentences(response.Text, sources.Select(s => s.Number).ToHashSet()).Kept
            .Select(s => (s.Plain, Assert.Single(s.Cites))))
        {
            Assert.Contains(sentence, PromptSources.Format([sources[number - 1]]), StringComparison.Ordinal);
        }

        Assert.Equal("extractive", response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal(TokenCounter.Shared.CountInputTokens(messages, options), response.Usage.InputTokenCount);
        Assert.Equal(TokenCounter.Shared.CountTokens(response.Text), response.Usage.OutputTokenCount);
        // The client reported its own counts, so the usage middleware did not have to estimate them.
        Assert.False(response.AdditionalProperties?.ContainsKey(UsageAccountingChatClient.EstimatedProperty) ?? false);
    }

    [SamplesFact]
    public async Task An_unsupported_question_gets_exactly_the_not_found_marker()
    {
        var (messages, options) = Request("What is the ticker symbol of the company on the stock exchange?", Sources());

        var response = await Chat.GetResponseAsync(messages, options);

        Assert.Equal(PromptNames.NotFoundMarker, response.Text);
        Assert.True(response.Usage?.InputTokenCount > 0);
    }

    [Fact]
    public async Task A_request_without_sources_gets_the_not_found_marker()
    {
        var response = await Chat.GetResponseAsync([new ChatMessage(ChatRole.User, BereavementQuestion)]);

        Assert.Equal(PromptNames.NotFoundMarker, response.Text);
    }

    [SamplesFact]
    public async Task The_pipeline_emits_a_gen_ai_span_with_usage()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ConfiguredChatClientExtensions.TelemetrySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        var (messages, options) = Request(BereavementQuestion, Sources());

        var response = await Chat.GetResponseAsync(messages, options);

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, a => (a.GetTagItem("gen_ai.response.id") as string) == response.ResponseId);
        }

        Assert.Equal("chat extractive", span.DisplayName);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("extractive", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("extractive", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("extractive", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(response.Usage!.InputTokenCount, Convert.ToInt64(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(response.Usage.OutputTokenCount, Convert.ToInt64(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        // Content is not recorded without AI:Chat:Telemetry:EnableSensitiveData.
        Assert.DoesNotContain(span.TagObjects, t => t.Value is string v && v.Contains("bereavement", StringComparison.OrdinalIgnoreCase));
    }

    [SamplesFact]
    public async Task Streaming_returns_the_whole_reply_as_one_update_with_usage()
    {
        var (messages, options) = Request(BereavementQuestion, Sources());
        var expected = await Chat.GetResponseAsync(messages, options);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        var single = Assert.Single(updates);
        Assert.Equal(expected.Text, single.Text);
        Assert.Equal(expected.Usage!.OutputTokenCount, updates.ToChatResponse().Usage?.OutputTokenCount);
    }

    [Fact]
    public void Sources_are_read_in_the_format_PromptSources_writes()
    {
        var text = PromptSources.Format(
        [
            new PromptSource(1, "annual-report-2023.pdf, page 2", "Revenue grew: 12%.\nIn 2023 it was 4.2 million EUR."),
            new PromptSource(12, "prices.csv, row 5", "Lumen Pro; 49 EUR"),
        ]);

        var parsed = ExtractiveChatClient.ParseSources("Rules: cite [1] or [1][2].\n\nSources:\n" + text);

        Assert.Equal(
            [new PromptSource(1, "annual-report-2023.pdf", "Revenue grew: 12%. In 2023 it was 4.2 million EUR."), new PromptSource(12, "prices.csv", "Lumen Pro; 49 EUR")],
            parsed);
    }

    [SamplesFact]
    public async Task The_client_alone_answers_like_the_registered_one()
    {
        var (messages, options) = Request(BereavementQuestion, Sources());
        using var alone = new ExtractiveChatClient(Options.Create(new AnswerOptions()), TokenCounter.Shared);

        var direct = await alone.GetResponseAsync(messages, options);

        Assert.Equal((await Chat.GetResponseAsync(messages, options)).Text, direct.Text);
    }
}
