using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Switchboard.AgentCore.AI.Usage;

/// <summary>
/// Counts tokens with the o200k_base encoding (GPT-4o family; the data ships in Microsoft.ML.Tokenizers.Data.O200kBase,
/// no download). Used only when a provider reports no usage, so its counts are estimates for other model families.
/// </summary>
public sealed class TokenCounter
{
    // The chat-format overhead OpenAI documents for its models: each message costs a few tokens for role and framing,
    // and the reply is primed with a few more. Counting only the text would under-count short multi-turn prompts.
    public const int TokensPerMessage = 3;
    public const int TokensPerReply = 3;

    // Creating the tokenizer parses the vocabulary (~0.3 s): once per process, on first use.
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    public static TokenCounter Shared { get; } = new();

    // The long texts counted again and again are the corpus's chunks (every answer's contexts are estimated at the
    // Gateway): hashing a chunk is two orders of magnitude cheaper than encoding it, so their counts are remembered.
    // Short texts (questions, answers) are encoded each time; the memo is bounded and starts over when full.
    private const int MemoMinLength = 256;
    private const int MemoCapacity = 4096;
    private readonly ConcurrentDictionary<string, int> _longTextCounts = new(StringComparer.Ordinal);

    public int CountTokens(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (text.Length < MemoMinLength)
        {
            return O200k.Value.CountTokens(text);
        }

        if (_longTextCounts.TryGetValue(text, out var known))
        {
            return known;
        }

        var count = O200k.Value.CountTokens(text);
        if (_longTextCounts.Count >= MemoCapacity)
        {
            _longTextCounts.Clear();
        }

        _longTextCounts[text] = count;
        return count;
    }

    /// <summary>Prompt tokens of a request: instructions, every message's text and the per-message framing.</summary>
    public int CountInputTokens(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var total = TokensPerReply;
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            total += TokensPerMessage + CountTokens(options.Instructions);
        }

        foreach (var message in messages)
        {
            total += TokensPerMessage + CountTokens(message.Text);
        }

        return total;
    }

    /// <summary>Completion tokens of a response: the text of its messages.</summary>
    public int CountOutputTokens(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Messages.Sum(m => CountTokens(m.Text));
    }
}
