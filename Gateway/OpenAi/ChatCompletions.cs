using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Switchboard.AgentCore;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.OpenAi;

/// <summary>A <c>chat.completion</c> object (the non-streaming response), with Switchboard's extension.</summary>
public sealed record ChatCompletion(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatChoice> Choices,
    ChatUsage Usage,
    SwitchboardExtension Switchboard);

public sealed record ChatChoice(
    int Index,
    ChatMessage Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Logprobs,
    [property: JsonPropertyName("finish_reason")] string FinishReason);

public sealed record ChatMessage(
    string Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Refusal);

/// <summary>Token counts from the pipeline's usage accounting (every agent answer and review pass).</summary>
public sealed record ChatUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens)
{
    public static ChatUsage From(AnswerUsage? usage) => usage is null
        ? new ChatUsage(0, 0, 0)
        : new ChatUsage(usage.InputTokens, usage.OutputTokens, usage.InputTokens + usage.OutputTokens);
}

/// <summary>A <c>chat.completion.chunk</c> object (one event of a streamed response).</summary>
public sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatChunkChoice> Choices)
{
    /// <summary>Set on the last chunk when the client asked for <c>stream_options.include_usage</c> (null on the others).</summary>
    public ChatUsage? Usage { get; init; }

    /// <summary>Set on the chunk that carries the <c>finish_reason</c>.</summary>
    public SwitchboardExtension? Switchboard { get; init; }
}

public sealed record ChatChunkChoice(
    int Index,
    ChatDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Logprobs,
    [property: JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

/// <summary>What a chunk adds to the message: the role on the first, a piece of the content on the next ones, nothing on the last.</summary>
public sealed record ChatDelta(string? Role = null, string? Content = null);

/// <summary>
/// The extension field <c>switchboard</c>: what <c>POST /v1/ask</c> says about the answer beside its text, in the same
/// (camelCase) shape: the outcome, the numbered citations the <c>[n]</c> markers of the content refer to, the route, the
/// review verdict, the full usage with cost, the trace.
/// </summary>
public sealed record SwitchboardExtension(
    string AnswerId,
    string Status,
    IReadOnlyList<Citation> Citations,
    RouteDecision? Route,
    string? ReviewVerdict,
    bool Cached,
    AnswerUsage? Usage,
    string? TraceId)
{
    public static SwitchboardExtension From(AskResponse response) => new(
        response.AnswerId, response.Status, response.Citations, response.Route, response.ReviewVerdict, response.Cached, response.Usage, response.TraceId);
}

/// <summary>Turns the pipeline's answer into OpenAI's objects: one completion, or the chunks of a stream.</summary>
public static class ChatCompletions
{
    public const string Stop = "stop";
    public const string Done = "[DONE]";

    /// <summary>
    /// Chunk JSON when the client asked for usage: every chunk then carries <c>"usage": null</c> but the last, as OpenAI
    /// sends them; otherwise the member is left out.
    /// </summary>
    private static readonly JsonSerializerOptions ChunkWithUsageJson = new(SwitchboardJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                type =>
                {
                    if (type.Type == typeof(ChatCompletionChunk))
                    {
                        foreach (var property in type.Properties.Where(p => p.Name == "usage"))
                        {
                            property.ShouldSerialize = static (_, _) => true;
                        }
                    }
                },
            },
        },
    };

    public static string Id(AskResponse response) => "chatcmpl-" + response.AnswerId;

    public static ChatCompletion Completion(AskResponse response) => new(
        Id(response),
        "chat.completion",
        response.CreatedAt.ToUnixTimeSeconds(),
        OpenAiModels.Switchboard,
        [new ChatChoice(0, new ChatMessage("assistant", response.Answer, null), null, Stop)],
        ChatUsage.From(response.Usage),
        SwitchboardExtension.From(response));

    /// <summary>
    /// The events of a streamed completion: the role, the answer's text in pieces (<see cref="AnswerChunks"/>), the
    /// finish reason with the extension, the usage when asked for, then <c>[DONE]</c>. Each is the JSON of a chunk.
    /// </summary>
    public static IEnumerable<string> Chunks(AskResponse response, bool includeUsage)
    {
        var json = includeUsage ? ChunkWithUsageJson : SwitchboardJson.Options;
        var id = Id(response);
        var created = response.CreatedAt.ToUnixTimeSeconds();
        ChatCompletionChunk Chunk(ChatDelta delta, string? finishReason = null) =>
            new(id, "chat.completion.chunk", created, OpenAiModels.Switchboard, [new ChatChunkChoice(0, delta, null, finishReason)]);

        yield return JsonSerializer.Serialize(Chunk(new ChatDelta("assistant", string.Empty)), json);
        foreach (var piece in AnswerChunks.Split(response.Answer))
        {
            yield return JsonSerializer.Serialize(Chunk(new ChatDelta(Content: piece)), json);
        }

        yield return JsonSerializer.Serialize(Chunk(new ChatDelta(), Stop) with { Switchboard = SwitchboardExtension.From(response) }, json);
        if (includeUsage)
        {
            var usage = new ChatCompletionChunk(id, "chat.completion.chunk", created, OpenAiModels.Switchboard, []) { Usage = ChatUsage.From(response.Usage) };
            yield return JsonSerializer.Serialize(usage, json);
        }

        yield return Done;
    }
}
