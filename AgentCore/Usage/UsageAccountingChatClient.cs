using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.AgentCore.AI.Usage;

/// <summary>
/// Makes every response carry input and output token counts: what the provider reported, and where it reported none
/// (the extractive answerer, some OpenAI-compatible servers, streams without a usage chunk) a count with
/// <see cref="TokenCounter"/>. Estimated responses are marked with <see cref="EstimatedProperty"/>.
/// </summary>
public sealed class UsageAccountingChatClient(IChatClient innerClient, TokenCounter counter) : DelegatingChatClient(innerClient)
{
    /// <summary>Set to true in <see cref="ChatResponse.AdditionalProperties"/> when a count was estimated here.</summary>
    public const string EstimatedProperty = "switchboard.usage.estimated";

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (response.Usage is { InputTokenCount: not null, OutputTokenCount: not null })
        {
            return response;
        }

        var usage = response.Usage ?? new UsageDetails();
        usage.InputTokenCount ??= counter.CountInputTokens(list, options);
        usage.OutputTokenCount ??= counter.CountOutputTokens(response);
        usage.TotalTokenCount = usage.InputTokenCount + usage.OutputTokenCount;
        response.Usage = usage;
        (response.AdditionalProperties ??= [])[EstimatedProperty] = true;
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var text = new StringBuilder();
        long? input = null, output = null;
        string? responseId = null, modelId = null;
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            text.Append(update.Text);
            responseId ??= update.ResponseId;
            modelId ??= update.ModelId;
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                input = usage.Details.InputTokenCount ?? input;
                output = usage.Details.OutputTokenCount ?? output;
            }

            yield return update;
        }

        if (input is not null && output is not null)
        {
            yield break;
        }

        // A final update carrying only usage is how MEAI streams report it; ToChatResponse() folds it into Usage.
        var estimate = new UsageDetails
        {
            InputTokenCount = input is null ? counter.CountInputTokens(list, options) : 0,
            OutputTokenCount = output is null ? counter.CountTokens(text.ToString()) : 0,
        };
        estimate.TotalTokenCount = estimate.InputTokenCount + estimate.OutputTokenCount;
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(estimate)])
        {
            ResponseId = responseId,
            ModelId = modelId,
            AdditionalProperties = new() { [EstimatedProperty] = true },
        };
    }
}

/// <summary>Pipeline registration for <see cref="UsageAccountingChatClient"/>.</summary>
public static class UsageAccountingChatClientBuilderExtensions
{
    /// <summary>Adds <see cref="UsageAccountingChatClient"/>; the counter comes from DI, else <see cref="TokenCounter.Shared"/>.</summary>
    public static ChatClientBuilder UseUsageAccounting(this ChatClientBuilder builder, TokenCounter? counter = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
            new UsageAccountingChatClient(inner, counter ?? services.GetService(typeof(TokenCounter)) as TokenCounter ?? TokenCounter.Shared));
    }
}
