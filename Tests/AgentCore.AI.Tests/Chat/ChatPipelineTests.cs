using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Tests.Support;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.Tests.Support;

namespace Switchboard.AgentCore.AI.Tests.Chat;

/// <summary>The middleware around the provider: Redis cache, OpenTelemetry, logging, usage, request defaults.</summary>
public sealed class ChatPipelineTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Key = "sk-pipeline-secret-0123456789";
    private WireServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await WireServer.StartAsync();
        _server.Respond = (ctx, _, _) => WireResponses.Json(ctx, OpenAIWireTests.Completion("Refunds take 5 days [1]."));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> OpenAISettings(bool cache = false, bool sensitive = false) => new()
    {
        ["AI:Chat:Provider"] = "OpenAI",
        ["AI:Chat:Model"] = "gpt-4o-mini",
        ["AI:Chat:ApiKey"] = Key,
        ["AI:Chat:Endpoint"] = _server.Url + "/v1",
        ["AI:Chat:Cache:Enabled"] = cache ? "true" : "false",
        ["AI:Chat:Cache:Ttl"] = "00:10:00",
        ["AI:Chat:Telemetry:EnableSensitiveData"] = sensitive ? "true" : "false",
        ["ConnectionStrings:redis"] = redis.ConnectionString,
    };

    [Fact]
    public async Task The_second_identical_request_is_answered_from_Redis_with_a_ttl()
    {
        await redis.FlushAsync();
        using var host = await AiHost.StartAsync(OpenAISettings(cache: true), configure: b => b.AddRedisClient());
        var client = host.ChatClient();

        var first = await client.GetResponseAsync("How long do refunds take?");
        var second = await client.GetResponseAsync("How long do refunds take?");

        Assert.Equal(first.Text, second.Text);
        Assert.Single(_server.Requests);
        var server = redis.Connection.GetServers().Single();
        var cached = server.Keys(pattern: "sb:ai:chat:*").ToList();
        Assert.NotEmpty(cached);
        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(cached[0]);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));

        await client.GetResponseAsync("Who approves travel?");
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Without_the_cache_setting_every_request_reaches_the_model()
    {
        using var host = await AiHost.StartAsync(OpenAISettings(cache: false));
        var client = host.ChatClient();

        await client.GetResponseAsync("How long do refunds take?");
        await client.GetResponseAsync("How long do refunds take?");

        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_gen_ai_span_is_emitted_without_the_key_or_message_content()
    {
        var spans = await CollectSpans(OpenAISettings());

        var chat = Assert.Single(spans, a => a.Source.Name == ConfiguredChatClientExtensions.TelemetrySourceName && a.GetTagItem("gen_ai.operation.name") is "chat");
        Assert.Equal("gpt-4o-mini", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal("gpt-4o-mini-2024-07-18", chat.GetTagItem("gen_ai.response.model"));
        Assert.Equal(21, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.input_tokens")));
        Assert.Equal(4, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.output_tokens")));
        Assert.NotNull(chat.GetTagItem("gen_ai.provider.name"));
        Assert.Null(chat.GetTagItem("gen_ai.input.messages"));
        Assert.Null(chat.GetTagItem("gen_ai.output.messages"));

        // No span of the request, the HttpClient's included, carries the key or the question in any tag or event.
        Assert.Contains(spans, a => a.Source.Name == "System.Net.Http");
        foreach (var span in spans)
        {
            foreach (var (name, value) in span.TagObjects)
            {
                Assert.DoesNotContain(Key, value?.ToString() ?? "");
                Assert.DoesNotContain("How long do refunds take", value?.ToString() ?? "");
            }

            Assert.DoesNotContain(span.Events.SelectMany(e => e.Tags), t => t.Value?.ToString()?.Contains(Key) == true);
        }
    }

    [Fact]
    public async Task Message_content_reaches_the_span_only_when_enabled()
    {
        var spans = await CollectSpans(OpenAISettings(sensitive: true));

        var chat = Assert.Single(spans, a => a.Source.Name == ConfiguredChatClientExtensions.TelemetrySourceName && a.GetTagItem("gen_ai.operation.name") is "chat");
        Assert.Contains("How long do refunds take", chat.GetTagItem("gen_ai.input.messages")?.ToString());
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains(Key) == true);
    }

    [Fact]
    public async Task The_extractive_answerer_gets_the_pipeline_and_usage_is_counted()
    {
        var extractive = new FixedAnswerChatClient("Refunds take 5 days [1].");
        using var host = await AiHost.StartAsync(new() { ["AI:Chat:MaxOutputTokens"] = "64" }, _ => extractive);

        var response = await host.ChatClient().GetResponseAsync("How long do refunds take?");

        Assert.Equal("Refunds take 5 days [1].", response.Text);
        Assert.Equal(1, extractive.Calls);
        Assert.Equal("extractive", extractive.LastOptions?.ModelId);
        Assert.Equal(64, extractive.LastOptions?.MaxOutputTokens);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.True(response.Usage?.OutputTokenCount > 0);
        Assert.Equal(true, response.AdditionalProperties?[UsageAccountingChatClient.EstimatedProperty]);
    }

    private async Task<List<Activity>> CollectSpans(Dictionary<string, string?> settings)
    {
        using var host = await AiHost.StartAsync(settings);
        var spans = new ConcurrentQueue<Activity>();
        using var parent = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = parent.TraceId;
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                // Other tests run in parallel: keep only this test's trace.
                if (a.TraceId == traceId)
                {
                    spans.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await host.ChatClient().GetResponseAsync("How long do refunds take?");
        return spans.ToList();
    }
}
