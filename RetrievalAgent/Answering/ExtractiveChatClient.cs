using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// The built-in extractive answerer as an <see cref="IChatClient"/>: the default chat model (<c>AI:Chat:Provider</c>
/// Extractive). It reads a request the way a model reads the retrieval-answer prompt: the numbered sources are the
/// lines <c>[n] &lt;label&gt;: &lt;text&gt;</c> that <see cref="PromptSources.Format"/> writes, found in
/// <see cref="ChatOptions.Instructions"/> and the system messages; the question is the last user message. It scores
/// the sources' sentences against the question with <see cref="EvidenceScorer"/> (term rarity over the given sources)
/// and <see cref="QuoteSelection"/>, the same selection the <see cref="ExtractiveAnswerer"/> makes, and replies with
/// the chosen sentences verbatim (whitespace collapsed, as in the prompt), each followed by " [n]" (its source number),
/// or exactly <see cref="PromptNames.NotFoundMarker"/> when no sentence reaches <see cref="AnswerOptions.MinEvidence"/>.
/// A pure function of the request: no store, no network. Usage is the o200k count of the request and the reply.
/// </summary>
public sealed partial class ExtractiveChatClient(IOptions<AnswerOptions> options, TokenCounter counter) : IChatClient
{
    /// <summary>The provider and model name it reports (responses, <see cref="ChatClientMetadata"/>, spans).</summary>
    public const string Name = "extractive";

    private readonly ChatClientMetadata _metadata = new(Name, defaultModelId: Name);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages as IList<ChatMessage> ?? messages.ToList();

        var reply = Answer(list, options);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
        {
            ModelId = Name,
            ResponseId = Guid.NewGuid().ToString("N"),
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ChatFinishReason.Stop,
        };
        var input = counter.CountInputTokens(list, options);
        var output = counter.CountOutputTokens(response);
        response.Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
        return Task.FromResult(response);
    }

    /// <summary>The whole reply as one update (text and usage): there is nothing to stream incrementally.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new TextContent(response.Text), new UsageContent(response.Usage!)])
        {
            ModelId = response.ModelId,
            ResponseId = response.ResponseId,
            MessageId = response.Messages[0].MessageId,
            CreatedAt = response.CreatedAt,
            FinishReason = response.FinishReason,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Nothing to release.
    }

    /// <summary>The reply text: cited source sentences, or the NOT_FOUND marker.</summary>
    internal string Answer(IList<ChatMessage> messages, ChatOptions? chatOptions)
    {
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        var sources = ParseSources(string.Join('\n',
            new[] { chatOptions?.Instructions }.Concat(messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text))
                .Where(t => !string.IsNullOrWhiteSpace(t))));
        if (string.IsNullOrWhiteSpace(question) || sources.Count == 0)
        {
            return PromptNames.NotFoundMarker;
        }

        var settings = options.Value;
        var scorer = EvidenceScorer.ForPassages(question, sources.Select(s => s.Text).ToList(), settings);
        // Each source is a "hit" in the order given (the prompt lists the best first); its number is its ordinal.
        var hits = sources
            .Select(s => new RankedChunk(new StoredChunk($"source:{s.Number}", $"source:{s.Number}", s.Label, s.Number, null, null, s.Text), 0, null, null, 0, 0, false))
            .ToList();
        var quotes = QuoteSelection.Select(scorer, scorer.ScoreSentences(hits), settings);
        return quotes.Count == 0
            ? PromptNames.NotFoundMarker
            : string.Join(' ', quotes.Select(q => $"{q.Sentence.Text} [{q.Hit.Chunk.Ordinal}]"));
    }

    /// <summary>
    /// The numbered sources of a prompt, in order, each number once (the first occurrence wins). The label loses the
    /// ", page n" / ", row n" locator the prompt adds, so what counts as context is the document name, as for a chunk.
    /// </summary>
    internal static List<PromptSource> ParseSources(string prompt)
    {
        var sources = new List<PromptSource>();
        var seen = new HashSet<int>();
        foreach (Match match in SourceLine().Matches(prompt))
        {
            if (int.TryParse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture, out var number) && seen.Add(number))
            {
                var label = Locator().Replace(match.Groups["label"].Value, string.Empty);
                sources.Add(new PromptSource(number, label, match.Groups["text"].Value.TrimEnd('\r')));
            }
        }

        return sources;
    }

    // PromptSources.Format: "[n] <label>: <text>", one source per line (its text has no line breaks).
    [GeneratedRegex(@"^\[(?<n>\d{1,4})\] (?<label>[^\n]+?): (?<text>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex SourceLine();

    [GeneratedRegex(@", (?:page|row) \d+$")]
    private static partial Regex Locator();
}
